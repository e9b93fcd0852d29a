/**
 * Parses a Kubernetes resource quantity (`512Mi`, `1.5Gi`, `250m`, `2`, `1e3`) into a plain
 * number of base units, or undefined when it is not a quantity. Precision is that of a double,
 * ample for comparing requests with limits.
 */
const suffixFactors: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(
    quantity,
  );
  if (!match) return undefined;
  return Number(match[1]) * suffixFactors[match[2] ?? ''];
}
