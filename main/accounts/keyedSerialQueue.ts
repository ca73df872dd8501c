/**
 * Runs tasks with the same key one after another (tasks with different keys run side by side).
 * The account service uses it so that one account's sign-ins are checked one at a time: each
 * sees the lock-out the previous one left, however many arrive at once.
 */
export function keyedSerialQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(() => undefined, () => undefined);
    tails.set(key, tail);
    // Forget the key once its last task is done, so the map holds only keys in use.
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return result;
  };
}
