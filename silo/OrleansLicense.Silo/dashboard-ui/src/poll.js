/**
 * Runs a task now and then every intervalMs, one run at a time, so slow answers never pile up. stop() aborts the run in flight; refresh() runs again at once (or right after the
 * current run).
 * @param {(signal: AbortSignal) => Promise<void>} task
 * @param {number} intervalMs
 */
export function poll(task, intervalMs) {
  let stopped = false;
  let running = false;
  let again = false;
  let timer = 0;
  let controller = null;

  async function run() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }

    clearTimeout(timer);
    running = true;
    const started = performance.now();
    controller = new AbortController();
    try {
      await task(controller.signal);
    } catch (error) {
      // Tasks show their own errors; an abort is the normal end of a page.
      if (error?.name !== 'AbortError') console.warn(error);
    } finally {
      running = false;
    }

    if (stopped) return;
    if (again) {
      again = false;
      run();
    } else {
      // The period counts from the start of this run, so a slow answer does not delay the next
      // one by its own duration; a short gap stays so a slow server is not asked back to back.
      timer = setTimeout(run, Math.max(intervalMs / 5, intervalMs - (performance.now() - started)));
    }
  }

  run();
  return {
    refresh: run,
    stop() {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
