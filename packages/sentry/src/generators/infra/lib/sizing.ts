import type { Component } from '../../../stack/component';

/** Mebibytes of a Kubernetes memory quantity (the units the catalogue uses). */
export function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`Unsupported memory quantity in the catalogue: ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** Millicores of a CPU quantity (`25m`, `1`). */
export function millicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

export interface SizingRow {
  component: string;
  kind: Component['kind'];
  cpuRequest: number;
  memoryRequest: number;
  memoryLimit: number;
}

export interface Sizing {
  rows: SizingRow[];
  totals: { cpuRequest: number; memoryRequest: number; memoryLimit: number };
}

/** What the long-running components reserve on the node (replicas included); Jobs are transient and left out. */
export function sizingOf(
  components: readonly Component[],
  replicas: Readonly<Record<string, number>>,
): Sizing {
  const rows = components
    .filter((component) => component.kind !== 'Job')
    .map((component) => {
      const count = component.scalable ? (replicas[component.name] ?? 1) : 1;
      return {
        component: component.name,
        kind: component.kind,
        cpuRequest: millicores(component.resources.requests.cpu) * count,
        memoryRequest: mebibytes(component.resources.requests.memory) * count,
        memoryLimit: mebibytes(component.resources.limits.memory) * count,
      };
    });
  const sum = (field: 'cpuRequest' | 'memoryRequest' | 'memoryLimit') =>
    rows.reduce((total, row) => total + row[field], 0);
  return {
    rows,
    totals: {
      cpuRequest: sum('cpuRequest'),
      memoryRequest: sum('memoryRequest'),
      memoryLimit: sum('memoryLimit'),
    },
  };
}

export const formatMemory = (mebibytesValue: number): string =>
  mebibytesValue >= 1024 ? `${(mebibytesValue / 1024).toFixed(2)} GiB` : `${mebibytesValue} MiB`;

/** The table the generator prints and the README carries. */
export function sizingTable(sizing: Sizing): string {
  const lines = [
    '| component | kind | CPU request | memory request | memory limit |',
    '| --- | --- | ---: | ---: | ---: |',
    ...sizing.rows.map(
      (row) =>
        `| ${row.component} | ${row.kind} | ${row.cpuRequest}m | ${formatMemory(row.memoryRequest)} | ${formatMemory(row.memoryLimit)} |`,
    ),
    `| **total** | | **${sizing.totals.cpuRequest}m** | **${formatMemory(sizing.totals.memoryRequest)}** | **${formatMemory(sizing.totals.memoryLimit)}** |`,
  ];
  return lines.join('\n');
}
