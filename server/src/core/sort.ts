// Most lint results contain a few findings. V8 (Node 20) allocates about
// 0.9 KB of merge state on each Array.prototype.sort call of two or more
// elements (measured in a micro-benchmark), often more than the findings
// themselves take. Insertion sort needs none and is quick at that size.
const INSERTION_SORT_MAX_LENGTH = 16;

/**
 * Sorts an array in place and returns it, in the same order as
 * Array.prototype.sort, which is stable: elements that compare equal keep
 * their order. Arrays longer than INSERTION_SORT_MAX_LENGTH go to
 * Array.prototype.sort, because insertion sort takes quadratic time.
 */
export function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > INSERTION_SORT_MAX_LENGTH) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(items[j] as T, item) > 0) {
      items[j + 1] = items[j] as T;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
