import { replay } from './replay';

/** `npm start`: the stack is up; replay the bundled sample calls and summarise. */
async function main(): Promise<void> {
  const results = await replay(['test-data/fixtures']);
  const sent = results.filter((result) => result.sms === 'sent').length;
  const suppressed = results.filter((result) => result.sms === 'suppressed');
  console.error(
    `demo: ${results.length} scenarios, ${sent} texts sent, ${suppressed.length} suppressed`,
  );
  for (const result of suppressed) {
    console.error(`demo: suppressed ${result.file}: ${result.suppressed_because}`);
  }
  console.error('demo: the services keep running; stop them with `npm run stack:down`');
}

void main().then(() => process.exit(0));
