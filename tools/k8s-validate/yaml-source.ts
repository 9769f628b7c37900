import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isRecord, type Finding, type KubeObject } from './finding';

/** One YAML document of a file, with where it came from. */
export interface SourceDoc {
  /** Path relative to the tree root. */
  file: string;
  object: KubeObject;
}

export interface ParsedFile {
  docs: SourceDoc[];
  findings: Finding[];
}

/**
 * Reads every document of a YAML file. Syntax errors and duplicate keys are
 * findings (a duplicate key silently wins in most tools); empty documents are
 * skipped; a document that is not a map is a finding.
 */
export function readYamlFile(absolute: string, file: string): ParsedFile {
  return parseYamlText(readFileSync(absolute, 'utf8'), file);
}

/** As `readYamlFile`, for YAML text held inline (a kustomization's `patch:`). */
export function parseYamlText(text: string, file: string): ParsedFile {
  const findings: Finding[] = [];
  const docs: SourceDoc[] = [];
  const parsed = parseAllDocuments(text, { uniqueKeys: true });
  for (const doc of Array.isArray(parsed) ? parsed : [parsed]) {
    for (const error of doc.errors) {
      const message = error.message.split('\n')[0];
      findings.push({ file, resource: '', path: '', rule: 'yaml', message });
    }
    if (doc.errors.length > 0) {
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      continue;
    }
    if (!isRecord(value)) {
      findings.push({
        file,
        resource: '',
        path: '',
        rule: 'yaml',
        message: 'a document is not a map',
      });
      continue;
    }
    docs.push({ file, object: value });
  }

  return { docs, findings };
}
