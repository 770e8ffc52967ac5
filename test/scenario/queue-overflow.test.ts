/** `queue.overflow` in a scenario file (docs/back-pressure.md); its errors: invalid-fixtures.test.ts. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';

function queueOf(queueYaml: string) {
  const text = `
name: q
duration: 10s
services:
  api: { workers: 1, service_time: 1ms, queue: ${queueYaml} }
clients:
  web: { target: api, arrival: { kind: open, rate: 10/s } }
`;
  const result = loadScenario(text, 'q.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario.services[0].queue;
}

describe('queue.overflow', () => {
  it('parses drop_oldest and block with a numeric capacity', () => {
    expect(queueOf('{ capacity: 5, overflow: drop_oldest }')).toEqual({ capacity: 5, discipline: 'fifo', overflow: 'drop_oldest' });
    expect(queueOf('{ capacity: 0, discipline: lifo, overflow: block }')).toEqual({ capacity: 0, discipline: 'lifo', overflow: 'block' });
  });

  it('leaves the default, reject_new, out of the config, given or not, bounded or not', () => {
    expect(queueOf('{ capacity: 5 }')).toEqual({ capacity: 5, discipline: 'fifo' });
    expect(queueOf('{ capacity: 5, overflow: reject_new }')).toEqual({ capacity: 5, discipline: 'fifo' });
    expect(queueOf('{ capacity: unbounded, overflow: reject_new }')).toEqual({ capacity: null, discipline: 'fifo' });
  });

  it('refuses drop_oldest on the default (unbounded) queue, at the key', () => {
    const result = loadScenario('name: q\nduration: 10s\nservices:\n  api: { workers: 1, service_time: 1ms, queue: { overflow: drop_oldest } }\nclients:\n  web: { target: api, arrival: { kind: open, rate: 10/s } }\n', 'q.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '4:60 `services.api.queue.overflow`: `drop_oldest` acts only when the queue is full, and an unbounded queue never is; give `capacity` a number, or remove `overflow`',
    ]);
  });
});
