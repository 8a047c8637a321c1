import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain lines when output is not a terminal (CI, logs). */
export function progressBar(label: string) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {message}`, hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { message: '' });
    return {
      update: (percent: number, message: string) => bar.update(percent, { message }),
      stop: () => bar.stop(),
    };
  }
  let last = -10;
  return {
    update(percent: number, message: string) {
      if (percent - last >= 10 || percent === 100) {
        last = percent;
        process.stderr.write(`${label}: ${percent}% ${message}\n`);
      }
    },
    stop() {},
  };
}
