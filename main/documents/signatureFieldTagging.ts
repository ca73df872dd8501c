import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';

/**
 * Tags a newly created signature widget in a tagged PDF (ISO 32000-1 14.7.4.4, 14.8.4.5), so that a
 * PDF/A level "a" (or PDF/UA) document stays tagged after signing: the widget gets a /StructParent,
 * a `Form` structure element with an OBJR to the widget is added under the document's top
 * structure element, and the structure tree's ParentTree maps the key to that element.
 * An untagged document (no /StructTreeRoot) is left as it is.
 */
export interface TaggingTarget {
  context: PDFContext;
  catalogRef: PDFRef;
  catalog: PDFDict;
  widgetRef: PDFRef;
  widget: PDFDict;
  pageRef: PDFRef;
  /** Alternate description of the field for assistive technology (also the widget's /TU). */
  altText: string;
  markChanged(ref: PDFRef, object: PDFObject): void;
}

/** Returns the StructParent key given to the widget, or undefined when the document is not tagged. */
export function tagSignatureWidget(t: TaggingTarget): number | undefined {
  const ctx = t.context;
  const rootRaw = t.catalog.get(PDFName.of('StructTreeRoot'));
  const root = ctx.lookup(rootRaw);
  if (!(root instanceof PDFDict)) return undefined;
  // A structure element's /P must be an indirect reference, so a direct root becomes indirect.
  let rootRef: PDFRef;
  if (rootRaw instanceof PDFRef) {
    rootRef = rootRaw;
  } else {
    rootRef = ctx.register(root);
    t.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    t.markChanged(t.catalogRef, t.catalog);
  }
  t.markChanged(rootRef, root);

  const [parentRef, parent] = topElementOf(ctx, root, rootRef);
  const objr = ctx.obj({ Type: 'OBJR', Obj: t.widgetRef, Pg: t.pageRef });
  const element = PDFDict.withContext(ctx);
  element.set(PDFName.of('Type'), PDFName.of('StructElem'));
  element.set(PDFName.of('S'), PDFName.of('Form'));
  element.set(PDFName.of('P'), parentRef);
  element.set(PDFName.of('Pg'), t.pageRef);
  element.set(PDFName.of('K'), objr);
  element.set(PDFName.of('Alt'), PDFHexString.fromText(t.altText));
  const elementRef = ctx.register(element);
  appendKid(ctx, parent, parentRef, elementRef, t.markChanged);

  const key = nextParentTreeKey(ctx, root);
  addToParentTree(ctx, root, key, elementRef, t.markChanged);
  root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key + 1));
  t.widget.set(PDFName.of('StructParent'), PDFNumber.of(key));
  t.widget.set(PDFName.of('TU'), PDFHexString.fromText(t.altText));
  return key;
}

/** The document's top structure element (usually /Document), or the root itself when it has none. */
function topElementOf(ctx: PDFContext, root: PDFDict, rootRef: PDFRef): [PDFRef, PDFDict] {
  const k = root.get(PDFName.of('K'));
  const first = k instanceof PDFArray ? (k.size() === 1 ? k.get(0) : undefined) : k;
  if (first instanceof PDFRef) {
    const el = ctx.lookup(first);
    if (el instanceof PDFDict) return [first, el];
  }
  return [rootRef, root];
}

/** Appends `kid` to an element's /K (absent, a single kid, or an array, direct or indirect). */
function appendKid(ctx: PDFContext, owner: PDFDict, ownerRef: PDFRef, kid: PDFRef, markChanged: TaggingTarget['markChanged']): void {
  const raw = owner.get(PDFName.of('K'));
  const arr = ctx.lookup(raw);
  if (raw instanceof PDFRef && arr instanceof PDFArray) {
    arr.push(kid);
    markChanged(raw, arr);
    return;
  }
  if (arr instanceof PDFArray) {
    arr.push(kid);
  } else {
    const list = PDFArray.withContext(ctx);
    if (raw !== undefined) list.push(raw);
    list.push(kid);
    owner.set(PDFName.of('K'), list);
  }
  markChanged(ownerRef, owner);
}

/** /ParentTreeNextKey when the writer kept it, else one past the largest key in the tree. */
function nextParentTreeKey(ctx: PDFContext, root: PDFDict): number {
  const stated = root.get(PDFName.of('ParentTreeNextKey'));
  let max = -1;
  const seen = new Set<PDFDict>();
  const visit = (node: PDFObject | undefined, depth: number) => {
    const d = ctx.lookup(node);
    if (!(d instanceof PDFDict) || seen.has(d) || depth > 32) return;
    seen.add(d);
    const nums = ctx.lookup(d.get(PDFName.of('Nums')));
    if (nums instanceof PDFArray) {
      for (let i = 0; i < nums.size(); i += 2) {
        const n = nums.get(i);
        if (n instanceof PDFNumber) max = Math.max(max, n.asNumber());
      }
    }
    const kids = ctx.lookup(d.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(kid, depth + 1);
  };
  visit(root.get(PDFName.of('ParentTree')), 0);
  return Math.max(max + 1, stated instanceof PDFNumber ? stated.asNumber() : 0);
}

/**
 * Adds key → element to the ParentTree number tree. The key is larger than every key in it, so
 * appending keeps it sorted: at the end of a root /Nums, or as a new last leaf of a root with /Kids.
 */
function addToParentTree(ctx: PDFContext, root: PDFDict, key: number, elementRef: PDFRef, markChanged: TaggingTarget['markChanged']): void {
  const raw = root.get(PDFName.of('ParentTree'));
  const looked = ctx.lookup(raw);
  let tree: PDFDict;
  if (looked instanceof PDFDict) {
    tree = looked;
    if (raw instanceof PDFRef) markChanged(raw, tree);
  } else {
    tree = PDFDict.withContext(ctx);
    root.set(PDFName.of('ParentTree'), ctx.register(tree));
  }
  const pair = (list: PDFArray) => {
    list.push(PDFNumber.of(key));
    list.push(elementRef);
  };
  const kidsRaw = tree.get(PDFName.of('Kids'));
  const kids = ctx.lookup(kidsRaw);
  if (kids instanceof PDFArray && !tree.has(PDFName.of('Nums'))) {
    const leaf = PDFDict.withContext(ctx);
    const leafNums = PDFArray.withContext(ctx);
    pair(leafNums);
    leaf.set(PDFName.of('Limits'), ctx.obj([key, key]));
    leaf.set(PDFName.of('Nums'), leafNums);
    kids.push(ctx.register(leaf));
    if (kidsRaw instanceof PDFRef) markChanged(kidsRaw, kids);
    return;
  }
  const numsRaw = tree.get(PDFName.of('Nums'));
  const nums = ctx.lookup(numsRaw);
  if (nums instanceof PDFArray) {
    pair(nums);
    if (numsRaw instanceof PDFRef) markChanged(numsRaw, nums);
  } else {
    const list = PDFArray.withContext(ctx);
    pair(list);
    tree.set(PDFName.of('Nums'), list);
  }
}
