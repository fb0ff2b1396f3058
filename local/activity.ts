// Counts work in progress (requests, invocations, pending deliveries and retries) so tests and
// benchmarks can wait until the local cloud is idle.

export class Activity {
  private pending = 0;

  get count(): number {
    return this.pending;
  }

  /** Marks one unit of work as started; call the returned function exactly once when it ends. */
  begin(): () => void {
    this.pending++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.pending--;
    };
  }

  async track<T>(work: Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work;
    } finally {
      end();
    }
  }
}
