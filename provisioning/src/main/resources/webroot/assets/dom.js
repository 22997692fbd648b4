/*
 * Building the page from data. Data only ever becomes text nodes and attribute values, never
 * markup, so a server or job text cannot turn into script; handlers go through addEventListener
 * (the Content-Security-Policy allows no inline script anyway).
 */

const SVG = 'http://www.w3.org/2000/svg';

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.toLowerCase().startsWith('on')) {
      throw new Error('handlers go through addEventListener: ' + name);
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** An HTML element with attributes and children (strings become text). */
export function el(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for the quota chart's SVG. */
export function svg(tag, attributes, ...children) {
  return build(document.createElementNS(SVG, tag), attributes, children);
}

export function byId(id) {
  return document.getElementById(id);
}

/** Replaces what node shows. */
export function fill(node, ...children) {
  node.replaceChildren();
  return build(node, {}, children);
}
