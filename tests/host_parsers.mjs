// Reads a built site's _headers and _redirects with Netlify's own parsers (pinned in
// package.json) and prints what Netlify makes of them as JSON, for tests/test_host_files.py:
// each header rule with the regular expression Netlify matches request paths with,
// each redirect, and every error the parsers report.
//
//   node tests/host_parsers.mjs SITE_DIR
import path from "node:path";

import { parseAllHeaders } from "@netlify/headers-parser";
import { parseAllRedirects } from "netlify-redirect-parser";

const site = process.argv[2];
if (!site) {
  console.error("usage: node tests/host_parsers.mjs SITE_DIR");
  process.exit(2);
}
const headers = await parseAllHeaders({ headersFiles: [path.join(site, "_headers")] });
const redirects = await parseAllRedirects({ redirectsFiles: [path.join(site, "_redirects")] });
const message = (error) => String(error && error.message ? error.message : error);
console.log(JSON.stringify({
  headers: headers.headers.map((rule) => ({
    for: rule.for,
    regexp: rule.forRegExp.source,
    flags: rule.forRegExp.flags,
    values: rule.values,
  })),
  headerErrors: headers.errors.map(message),
  redirects: redirects.redirects.map((rule) => ({
    from: rule.from,
    to: rule.to,
    status: rule.status,
    force: rule.force,
  })),
  redirectErrors: redirects.errors.map(message),
}));
