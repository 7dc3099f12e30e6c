import { hostname } from "node:os";

/** Who writes a run: the process id and the host it runs on. */
export interface Owner {
  pid: number;
  hostname: string;
}

/** This process as a run's owner. */
export function thisProcess(): Owner {
  return { pid: process.pid, hostname: hostname() };
}

/**
 * Whether the owner of a run is gone: true when it ran on this host and no process has its pid
 * (or when the owner is unknown, as for runs written before the store recorded owners); false
 * when it is alive or runs on another host, where it cannot be checked.
 *
 * NOTE: a pid reused by an unrelated process after the owner died keeps the run "running".
 */
export function ownerGone(pid: number | null, host: string | null): boolean {
  if (pid === null || host === null) return true;
  if (host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "EPERM";
  }
}
