package dev.keyward.cache;

/**
 * The page size of every informer's initial list and relist. Unpaged, the API server answers a list
 * of 10,000 tokens or Secrets in one response, which the client holds whole while it deserializes
 * it: at start-up the heap then needs about twice the live size of the caches. In pages of this
 * size the peak stays close to what the caches keep (measured with scripts/benchmark.sh; the
 * restart figure in docs/benchmarks/results.md).
 */
public final class ListPages {

  /** Objects per list request. */
  public static final long SIZE = 500L;

  private ListPages() {}
}
