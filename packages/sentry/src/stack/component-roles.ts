import type { Component } from './component';
import type { Release } from './releases';

/** A data service runs an image outside the getsentry family (PostgreSQL, Kafka, …). */
export const isDataService = (component: Component, release: Release): boolean =>
  component.image in release.infrastructureImages;

/** Runs until stopped (a Deployment or StatefulSet), as opposed to a Job or CronJob. */
export const isLongRunning = (component: Component): boolean =>
  component.kind === 'Deployment' || component.kind === 'StatefulSet';
