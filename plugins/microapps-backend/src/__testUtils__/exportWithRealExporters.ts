import { spawn } from 'child_process';
import path from 'path';
import type { SpanSpec } from './otelSpans';

export type ExporterChoice = {
  kind: 'json' | 'proto';
  compression: 'gzip' | 'none';
};

/**
 * Sends spans through the real OTLP exporters from a separate Node process
 * (see exportSpansChild.ts) and resolves with one result per exporter.
 */
export function exportWithRealExporters(options: {
  url: string;
  token: string;
  resources: Array<{ resource: Record<string, string>; spans: SpanSpec[] }>;
  exporters: ExporterChoice[];
}): Promise<Array<{ code: number; error?: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'exportSpansChild.ts'),
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'test' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0)
        reject(new Error(`The exporter process failed (${code}): ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin.end(JSON.stringify(options));
  });
}
