import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small file system of its own, to fill up or make read-only without touching the machine's disks. */
export interface Tmpfs {
  dir: string;
  /** Makes it read-only (`ro`) or writable again; permission bits would not stop root. */
  remount(mode: 'ro' | 'rw'): void;
  /** Writes a file until the disk refuses (ENOSPC); returns its path, to free the space again. */
  fill(): string;
  unmount(): void;
}

function mount(args: string[]): void {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mount ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
}

/** Mounts a tmpfs of `size` (e.g. '16m') on a new directory; `ro` mounts it read-only from the start. */
export function mountTmpfs(size: string, options: { readOnly?: boolean } = {}): Tmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-tmpfs-'));
  mount(['-t', 'tmpfs', '-o', `size=${size}${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  let mounted = true;
  return {
    dir,
    remount: (mode) => mount(['-o', `remount,${mode}`, dir]),
    fill: () => {
      const filler = path.join(dir, `filler-${Date.now()}`);
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        fs.closeSync(fd);
      }
      // A part of a chunk may still fit: fill to the last byte.
      for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
        try {
          fs.appendFileSync(filler, Buffer.alloc(size, 1));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        }
      }
      return filler;
    },
    unmount: () => {
      if (!mounted) return;
      // Lazy: a process the test failed to stop must not leave the mount behind.
      spawnSync('umount', ['-l', dir]);
      mounted = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Why tmpfs tests cannot run here, or false when they can: mounting needs root (CI runs as root)
 * and a kernel that lets this container mount.
 */
export function tmpfsUnavailable(): string | false {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  try {
    mountTmpfs('1m').unmount();
    return false;
  } catch (err) {
    return `cannot mount a tmpfs here (needs root and mount permission): ${err instanceof Error ? err.message.trim() : String(err)}`;
  }
}
