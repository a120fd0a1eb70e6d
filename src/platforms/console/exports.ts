/**
 * Card pictures for the console: a terminal cannot show a PNG, so each one is written to a file
 * the user can open (`DATA_DIR/exports/2026-11-20-daily-digest-1.png`) and the card prints the
 * path beside the picture's text fallback. Names never collide: the first free number is taken.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardImage } from '../../core/message.ts';
import { localDate } from '../../core/zoned-time.ts';

/**
 * A file-name part from a title: letters and digits of any script, everything else one `-`,
 * at most 40 characters; `image` when nothing is left.
 */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...slug].slice(0, 40).join('').replace(/-+$/, '') || 'image';
}

export interface ExportOptions {
  /** Where the files go (the console passes `DATA_DIR/exports`); created when missing. */
  exportsDir: string;
  /** The date in the file name is today in this zone. */
  timeZone: string;
  now?: Date;
}

/** Writes `data` to the first free `<date>-<slug>-<n>.png`; resolves with its path. */
async function writeNew(dir: string, stem: string, data: Uint8Array): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}-${n}.png`);
    try {
      const file = await open(path, 'wx');
      try {
        await file.writeFile(data);
      } finally {
        await file.close();
      }
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Writes the PNG bytes of each picture that has them (`data`; pictures known only by `blobId`
 * must be loaded first) and resolves with the path of each written one.
 */
export async function exportImages(
  images: CardImage[],
  opts: ExportOptions,
): Promise<Map<CardImage, string>> {
  const paths = new Map<CardImage, string>();
  const withData = images.filter((i) => i.data?.byteLength);
  if (!withData.length) return paths;
  await mkdir(opts.exportsDir, { recursive: true });
  const day = localDate(opts.now ?? new Date(), opts.timeZone);
  for (const image of withData) {
    const stem = `${day}-${slugOf(image.title ?? image.alt)}`;
    paths.set(image, await writeNew(opts.exportsDir, stem, image.data as Uint8Array));
  }
  return paths;
}
