/**
 * What a reader sees of a page's layout, read in the browser: elements wider than the viewport
 * (a phone that must scroll the whole page sideways), and the element that follows the title.
 * A chart, table or block of code may be wider than a phone, as long as it scrolls inside a frame
 * of its own that fits (overflow-x: auto); the page itself may not.
 */
import type { Page } from 'playwright-core';

export interface Overflow {
  /** The page's scroll width against the viewport's: wider means the page scrolls sideways. */
  scrollWidth: number;
  viewportWidth: number;
  /** `tag.class (right edge px)` of each visible element past the viewport's right edge and in no scroll frame that fits. */
  outside: string[];
}

/** Elements past the viewport's right edge that no fitting scroll frame holds (the first 20). */
export async function overflowOf(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const outside: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= vw + 0.5) continue;
      let frame = el.parentElement;
      let framed = false;
      while (frame !== null && frame !== document.body) {
        const scrolls = ['auto', 'scroll', 'hidden'].includes(getComputedStyle(frame).overflowX);
        if (scrolls && frame.getBoundingClientRect().right <= vw + 0.5) {
          framed = true;
          break;
        }
        frame = frame.parentElement;
      }
      const name = `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className !== '' ? `.${el.className.split(' ')[0]}` : ''}`;
      if (!framed) outside.push(`${name} (${Math.round(box.right)} px)`);
      if (outside.length >= 20) break;
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewportWidth: vw, outside };
  });
}

/** The element right after the page's `<h1>`: its id, classes and visible text. */
export async function afterTitle(page: Page): Promise<{ id: string; className: string; text: string } | null> {
  return page.evaluate(() => {
    const next = document.querySelector('h1')?.nextElementSibling as HTMLElement | null | undefined;
    return next == null ? null : { id: next.id, className: next.className, text: next.innerText };
  });
}

/** Whether the element the selector names is displayed (not display: none, and with a box). */
export async function isShown(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLElement | null;
    return el !== null && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
  }, selector);
}
