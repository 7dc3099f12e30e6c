/** A Ctrl-C latch: the first SIGINT asks the training to stop; a second one exits at once (130). */
export class Interrupt {
  requested = false;
  private readonly onSigint = () => {
    if (this.requested) process.exit(130);
    this.requested = true;
  };

  constructor() {
    process.on("SIGINT", this.onSigint);
  }

  /** Restores the default Ctrl-C behaviour. */
  release(): void {
    process.off("SIGINT", this.onSigint);
  }
}
