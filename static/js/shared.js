// Small helpers every module uses.

export function page() { return document.getElementById("page"); }

export function now() { return Date.now(); }
