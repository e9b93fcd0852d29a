import type { Resources } from '../component';

/**
 * Requests are what the scheduler reserves on the node; the sizing budget (feature-complete ≤ 14 GiB,
 * errors-only ≤ 7 GiB, the seed's one 8 GB / 4-core node with swap) is spent here. Limits stay higher so a
 * burst is absorbed instead of killed.
 */
export const resources = (cpu: string, memory: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

/**
 * A Python Kafka consumer idles at 100–400 MB (as observed). Limit: that, plus a batch of events of up to
 * 50 MB each (the Kafka message limit: KAFKA_MESSAGE_MAX_BYTES in getsentry/self-hosted 26.8.0
 * docker-compose.yml).
 */
export const sentryConsumerResources = resources('25m', '256Mi', '1Gi');
/**
 * A Rust Snuba consumer idles at 200–300 MB, most of it reclaimable cache. Limit: that, plus one batch in
 * flight (750–1000 ms of messages of up to 50 MB each).
 */
export const snubaConsumerResources = resources('20m', '128Mi', '768Mi');
