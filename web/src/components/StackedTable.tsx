import { Table, type TableProps } from '@mantine/core';
import { useLayoutEffect, useRef } from 'react';

/**
 * A table that becomes one block per row at phone width (below Mantine's `sm`, which 200 % zoom on a
 * 1280 px screen also reaches), each cell led by its column's name. The names come from the table's own
 * header cells, so pages write an ordinary table; a header cell's `data-label` overrides its text, and a
 * header whose text is only for screen readers (a column of buttons) gives its cells no label.
 * The layout itself is in `responsive.css`.
 */
export function StackedTable({ className, ...props }: TableProps) {
  const ref = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const table = ref.current;
    if (!table) return;
    labelCells(table);
    // Rows drawn later by a child component (paging, a query settling) are labelled as they arrive.
    const observer = new MutationObserver(() => labelCells(table));
    observer.observe(table, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  return <Table ref={ref} className={['stacked-table', className].filter(Boolean).join(' ')} {...props} />;
}

function headerLabel(th: HTMLTableCellElement) {
  if (th.dataset.label !== undefined) return th.dataset.label;
  const hidden = th.querySelector('.mantine-VisuallyHidden-root');
  if (hidden && hidden.textContent === th.textContent) return '';
  return (th.textContent ?? '').trim();
}

function labelCells(table: HTMLTableElement) {
  const headRow = table.tHead?.rows[table.tHead.rows.length - 1];
  const labels: string[] = [];
  for (const th of Array.from(headRow?.cells ?? [])) {
    const label = headerLabel(th);
    for (let i = 0; i < th.colSpan; i++) labels.push(label);
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        // A cell across every column (an empty-list message) needs no label.
        const label = cell.colSpan > 1 ? '' : (labels[column] ?? '');
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
        column += cell.colSpan;
      }
    }
  }
}
