/**
 * A file an import cannot read on (not a workbook, a quoted CSV cell never closed, a part that inflates
 * past its limit): the message says why in the user's terms and `row` names where, when there is a where.
 * An import lists it as a problem in its result file; it never fails the job.
 */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
    this.name = 'UnreadableFile';
  }
}
