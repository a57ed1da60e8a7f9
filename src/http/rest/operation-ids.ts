/** `registry` → `Registry`: operation ids are built from verbs and kinds (`getRegistryModel`). */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
