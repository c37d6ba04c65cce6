import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

const used = new Set([...css.matchAll(/var\((--nc-[\w-]+)/g)].map((m) => m[1]!));
const block = (selector: string, from = 0) => {
  const start = css.indexOf(selector, from);
  return css.slice(start, css.indexOf('}', start));
};
const declared = (text: string) => new Set([...text.matchAll(/(--nc-[\w-]+):/g)].map((m) => m[1]!));

describe('the theming properties', () => {
  it('each one used has a light default, and the dark set names only those', () => {
    const light = declared(block(':where(:root) {'));
    const dark = declared(block(':where(:root) {', css.indexOf('prefers-color-scheme: dark')));
    expect([...used].filter((name) => !light.has(name))).toEqual([]);
    expect([...dark].filter((name) => !light.has(name))).toEqual([]);
    expect(dark.size).toBeGreaterThan(15);
  });

  it('each one is documented in the README', () => {
    const documented = (name: string) => readme.includes(`\`${name}\``) || readme.includes(`\`${name.replace(/-soft$/, '')}\``);
    expect([...used].filter((name) => !documented(name))).toEqual([]);
  });

  it('keeps focus as an outline (forced-colors mode drops box shadows)', () => {
    expect(block('.nc :focus-visible,')).toMatch(/outline: 2px solid var\(--nc-focus\)/);
    expect(css).toMatch(/@media \(forced-colors: active\)/);
  });
});
