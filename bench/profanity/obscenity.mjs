// Runs the profanity labelled set (tests/SnapshotBuilder.Tests/Fixtures/profanity/labelled.tsv) through npm
// obscenity with its recommended English setup, and prints precision, recall and the errors per class, for
// bench/RESULTS.md beside the builder's own figures (ProfanityTests.Labelled_set_precision_and_recall).
//   cd bench/profanity && npm ci && node obscenity.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

const path = fileURLToPath(new URL('../../tests/SnapshotBuilder.Tests/Fixtures/profanity/labelled.tsv', import.meta.url));
const rows = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [label, cls, language, ...text] = line.split('\t');
  return { profane: label === '1', cls, language, text: text.join('\t') };
});
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const byClass = new Map();
let tp = 0, fp = 0, fn = 0;
const started = process.hrtime.bigint();
for (const row of rows) {
  const dropped = matcher.hasMatch(row.text);
  if (dropped && row.profane) tp++;
  if (dropped && !row.profane) fp++;
  if (!dropped && row.profane) fn++;
  const c = byClass.get(row.cls) ?? { total: 0, wrong: 0, examples: [] };
  c.total++;
  if (dropped !== row.profane) {
    c.wrong++;
    if (c.examples.length < 3) c.examples.push(row.text.slice(0, 40));
  }
  byClass.set(row.cls, c);
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const profane = rows.filter((r) => r.profane).length;
console.log(`${rows.length} strings (${profane} profane, ${rows.length - profane} innocent): precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / profane).toFixed(3)}; ${fp} innocent dropped, ${fn} profane kept; ${ms.toFixed(0)} ms`);
for (const [cls, c] of [...byClass].sort()) {
  console.log(`  ${cls}: ${c.total} strings, ${c.wrong} wrong${c.examples.length ? ' (e.g. ' + c.examples.map((e) => JSON.stringify(e)).join(', ') + ')' : ''}`);
}
