/**
 * The median of a list of numbers.
 *
 * @param values - At least one number.
 * @returns The middle value, or the mean of the two middle values.
 * @throws Error for an empty list.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The steady part of a series of samples: its second half. */
export function steadyPart(samples: readonly number[]): readonly number[] {
  return samples.slice(Math.floor(samples.length / 2));
}

/**
 * How much a series grew over the second half of a run: the median of its last fifth minus the
 * median of its second fifth (the first fifth is the ramp-up).
 *
 * @param series - Samples in time order.
 * @returns The growth, or `null` with fewer than five samples.
 */
export function growth(series: readonly number[]): number | null {
  const fifth = Math.floor(series.length / 5);
  if (fifth === 0) return null;
  return median(series.slice(-fifth)) - median(series.slice(fifth, 2 * fifth));
}
