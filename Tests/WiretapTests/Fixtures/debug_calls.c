/* Three frames deep (main -> helper -> work), for finish from a selected
 * frame, mid-line stops and watchpoints on `values`. */
int values[4] = {5, 6, 7, 8};
__attribute__((noinline)) int work(int n) { return values[n & 3] + n; }
__attribute__((noinline)) int helper(int n) { values[n & 3] += 1; return work(n) * 2; }
int main(void) { int t = 0; for (int i = 0; i < 10; i++) t += helper(i); return t == 0; }
