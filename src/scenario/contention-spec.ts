/** A service's `contention:` (docs/contention.md): service time that grows with the jobs at work. */
import type { ContentionConfig } from '../model/config.ts';
import { optional, required, shape, tagged } from './spec-object.ts';
import { duration, fraction, number } from './spec-values.ts';
import { transform, type Spec } from './spec.ts';

const contentionVariants = {
  linear: shape({
    per_attempt: required(duration(), 'seconds added to a job\'s service time per job at work when it starts, itself included'),
  }, { description: 'time = sampled + per_attempt × N (Brooker\'s simple collapse model)' }),
  usl: shape({
    sigma: optional(fraction(), 0, 'contention (serialization): σ of the Universal Scalability Law, 0 to 1'),
    kappa: optional(number(0, false), 0, 'coherency (crosstalk): κ of the Universal Scalability Law, 0 or more'),
  }, { description: 'time = sampled × (1 + σ(N − 1) + κN(N − 1)) (Gunther\'s Universal Scalability Law)' }),
};

export const contention: Spec<ContentionConfig> = transform(
  tagged('kind', contentionVariants, {
    what: 'contention kind',
    description: 'service time that grows with N, the jobs at their own work at the replica when a job starts',
  }),
  (value): ContentionConfig => (value.kind === 'linear'
    ? { kind: 'linear', perAttempt: value.per_attempt }
    : { kind: 'usl', sigma: value.sigma, kappa: value.kappa }),
);
