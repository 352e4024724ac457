/*
 * One search on both engines, that forgives spelling (handbook/developers.md,
 * "One search on both engines" and "Search that forgives spelling").
 *
 * This file runs as the search worker: overrides/partials/lazy-search.html
 * starts it instead of the theme's worker, naming that worker after the '#'.
 * It loads Material's lunr worker unchanged on both builds:
 * - MkDocs + Material: the worker named after the '#'; Material's search box
 *   talks to it directly.
 * - Zensical: its search box sends its own messages (search.json's entries,
 *   and queries as objects). Its own engine returns only entries that hold
 *   every word typed and cannot index the pages' search phrases, so this file
 *   does not load it: it loads Material's worker, which the search-index step
 *   copies into the site and names in search.json's config, hands it the
 *   entries in Material's shape, and answers each query in Zensical's shape.
 *   The same entries, the same lunr settings and the same code rank the
 *   results on both builds, so the same words find the same page.
 *
 * Before the worker reads a query, this file folds accents (a reader may type
 * "cancion" for "canción"; the index is folded the same way) and mends each
 * word of MIN_LENGTH or more letters that starts no word in the index: it is
 * replaced by the index's word nearest to it (one edit: a letter missing,
 * doubled, wrong or two letters swapped; two edits for words of LONG_WORD
 * letters or more). Nothing else changes: a word the index knows is never
 * touched, so correctly spelt queries rank exactly as before, and Material
 * then highlights and ranks the mended query as if it had been typed that way.
 *
 * Why mend the query rather than search with lunr's `term~1`: Material adds
 * a trailing wildcard to every word, boosts results that match every word,
 * and highlights the words it searched for; a fuzzy clause cannot carry a
 * wildcard, would count as a missing word and would highlight nothing.
 *
 * Words for the mending come from the lunr index Material builds, and from
 * the stop words the search-index step lists in the index's config (words
 * like "should" are left out of the index, but "shoud" must still become
 * "should", and then drop out, not turn into "shout").
 */
(function () {
  "use strict";

  var MIN_LENGTH = 5;   // shorter words have too many neighbours one edit away
  var LONG_WORD = 8;    // from here on, two edits are still one clear word
  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's message types (SearchMessageType); Zensical's are the same

  // Only Material's (or Zensical's) own worker, next to this file's folder.
  var name = decodeURIComponent(self.location.hash.slice(1));
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("search-fuzzy.js: start it as search-fuzzy.js#search.HASH.min.js");
  }

  var index = null;        // the lunr index Material builds
  var vocabulary = null;   // its words, each with how many entries hold it
  var stopWords = [];
  var language = "en";     // the index's language (its config's lang): a stemmed one is searched by stems
  var zensical = null;     // on a Zensical build: its entries, and how to answer its search box
  var relaying = false;    // a message this file hands on to Material's worker
  var post = self.postMessage.bind(self);

  // Registered before Material's worker is loaded, so it runs first: it loads
  // the worker on the first (setup) message, and mends each query before
  // Material's handler reads it.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (relaying || !message) return;
    if (message.type === SETUP && message.data && message.data.config) {
      event.stopImmediatePropagation();
      setup(message.data);
    } else if (message.type === QUERY && zensical) {
      event.stopImmediatePropagation();
      zensical.ask(message.data || {});
    } else if (message.type === QUERY && typeof message.data === "string" && index) {
      message.data = mend(fold(message.data));
    }
  });

  function relay(data) {
    relaying = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: data }));
    } finally {
      relaying = false;
    }
  }

  function setup(data) {
    var config = data.config, worker = name;
    stopWords = config.stop_words || [];
    language = (config.lang || ["en"])[0];
    vocabulary = null;
    if (data.items) {  // Zensical's search.json
      worker = config.worker;
      if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker || "")) {
        throw new Error("search-fuzzy.js: search.json names no Material worker (the search-index step writes it)");
      }
      zensical = answering(data.items);
      data = { config: config, docs: data.items, options: { suggest: false } };
    }
    load(worker);
    relay({ type: SETUP, data: data });
  }

  function load(worker) {
    if (self.lunr) return;
    // Material's worker imports lunr's languages from "../lunr/", meant from its own
    // folder; from this file's folder that is javascripts/lunr/.
    var importScripts = self.importScripts;
    self.importScripts = function () {
      var urls = Array.prototype.map.call(arguments, function (url) {
        return /^\.\.\/lunr\//.test(url) ? new URL("javascripts/" + url.slice(3), self.location.href).href : url;
      });
      return importScripts.apply(self, urls);
    };
    importScripts(new URL("javascripts/workers/" + worker, self.location.href).href);
    var lunr = self.lunr;
    if (!lunr || !lunr.Builder || !lunr.tokenizer) throw new Error("search-fuzzy.js: " + worker + " is not Material's lunr worker");
    var build = lunr.Builder.prototype.build, add = lunr.Builder.prototype.add;
    lunr.Pipeline.registerFunction(foldToken, "guideFold");
    lunr.Builder.prototype.add = function () {
      // First in the pipeline, before any stemmer: the index holds "cancion" for "canción".
      if (this.pipeline._stack[0] !== foldToken) this.pipeline._stack.unshift(foldToken);
      return add.apply(this, arguments);
    };
    lunr.Builder.prototype.build = function () {
      index = build.apply(this, arguments);
      vocabulary = null;
      return index;
    };
  }

  // Accents optional: "canción", "cancion" and "CANCIÓN" are one word.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function foldToken(token) {
    return token.update(fold);
  }

  // Zensical's search box: it sends {input, page} and shows, for each result,
  // the entry of search.json at `id`, marking the ranges of its title and text.
  function answering(items) {
    var at = {}, last = null, PAGE = 10;
    for (var i = 0; i < items.length; i++) at[items[i].location] = i;
    self.postMessage = function (message) {
      if (!message || message.type !== RESULT || !last) return post(message);
      last.results = flatten(message.data.items || []);
      reply(last);
    };
    function reply(query) {
      var page = query.page || {}, from = page.from || 0, size = page.size || PAGE, total = query.results.length;
      var prev = from > 0 ? { id: page.id, size: size, from: Math.max(0, from - size) } : undefined;
      var next = from + size < total ? { id: page.id || Date.now(), size: size, from: from + size } : undefined;
      post({ type: RESULT, data: {
        items: query.results.slice(from, from + size),
        pagination: { total: total, prev: prev, next: next },
        aggregations: []
      } });
    }
    // Material groups a page's sections under it (the page first); Zensical lists entries one by one.
    function flatten(groups) {
      var out = [];
      for (var g = 0; g < groups.length; g++) {
        var group = groups[g].slice(), page = group.filter(function (doc) { return doc.location.indexOf("#") < 0; });
        group = page.concat(group.filter(function (doc) { return page.indexOf(doc) < 0; }));
        for (var d = 0; d < group.length; d++) {
          var id = at[group[d].location];
          if (id === undefined) continue;
          var terms = Object.keys(group[d].terms || {}).filter(function (t) { return group[d].terms[t]; });
          out.push({ id: id, matches: [
            { field: "title", value: { highlight: { ranges: marks(items[id].title || "", terms) } } },
            { field: "text", value: { highlight: { ranges: marks(items[id].text || "", terms) } } }
          ] });
        }
      }
      return out;
    }
    return {
      ask: function (data) {
        var input = typeof data.input === "string" ? data.input : "";
        if (last && last.input === input && data.page && last.results) {
          last.page = data.page;  // the next ten of the same search, as the reader scrolls
          return reply(last);
        }
        last = { input: input, page: data.page, results: null };
        var query = index ? mend(fold(input)) : fold(input);
        if (!query.trim()) {
          last.results = [];
          return reply(last);
        }
        relay({ type: QUERY, data: query });
      }
    };
  }

  // Where each word of `text` that starts with a searched term is (outside HTML
  // tags and entities), as Zensical's search box marks them: `value` letters of it.
  function marks(text, terms) {
    var ranges = [];
    if (!terms.length) return ranges;
    var plain = fold(text).toLowerCase(), i = 0;
    while (i < plain.length) {
      var c = plain.charAt(i);
      if (c === "<") { i = plain.indexOf(">", i) + 1 || plain.length; continue; }
      if (c === "&") { var semi = plain.indexOf(";", i); if (semi > i && semi - i < 10) { i = semi + 1; continue; } }
      if (!/[a-z0-9]/.test(c)) { i++; continue; }
      var end = i;
      while (end < plain.length && /[a-z0-9]/.test(plain.charAt(end))) end++;
      var word = plain.slice(i, end), best = 0;
      for (var t = 0; t < terms.length; t++) {
        if (word.indexOf(terms[t]) === 0 && terms[t].length > best) best = terms[t].length;
      }
      if (best) ranges.push({ start: i, end: end, value: best });
      i = end;
    }
    return ranges;
  }

  // Each word of the query, at its place in the text, as lunr's tokenizer splits it.
  function words(query, separator) {
    var found = [], pattern = new RegExp(separator.source, "g"), at = 0, match;
    do {
      match = pattern.exec(query);
      var until = match ? match.index : query.length;
      if (at < until) found.push({ start: at, end: until });
      if (match) {
        at = match.index + match[0].length;
        if (!match[0].length) pattern.lastIndex = match.index + 1;
      }
    } while (match);
    return found;
  }

  // Does any word in the index start with `word`? (Material searches word*.)
  function known(word) {
    var node = index.tokenSet;
    for (var i = 0; i < word.length; i++) {
      node = node.edges[word.charAt(i)];
      if (!node) return false;
    }
    return true;
  }

  function words_of_index() {
    if (vocabulary) return vocabulary;
    vocabulary = [];
    var terms = index.invertedIndex;
    for (var term in terms) {
      if (!/^[a-z]+$/.test(term)) continue;
      var entries = {};
      for (var field in terms[term]) {
        if (field === "_index") continue;
        for (var ref in terms[term][field]) entries[ref] = true;
      }
      vocabulary.push({ word: term, count: Object.keys(entries).length });
    }
    for (var i = 0; i < stopWords.length; i++) {
      // Common by definition: a stop word wins a tie.
      vocabulary.push({ word: stopWords[i], count: Infinity });
    }
    return vocabulary;
  }

  // Optimal string alignment distance (a swap of two letters is one edit),
  // or limit + 1 as soon as it must exceed `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) {
      rows.push([i]);
    }
    for (j = 1; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var best = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          value = Math.min(value, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = value;
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  // The index's word nearest to `word`, or null when none is near enough.
  // Ties go to a word with the same first letter (thumbs rarely miss the
  // first one), then to the word more entries hold.
  function nearest(word, stemmed) {
    var limit = word.length >= LONG_WORD ? 2 : 1, best = null;
    var candidates = words_of_index();
    for (var i = 0; i < candidates.length; i++) {
      var candidate = candidates[i];
      // A stem ("entrev") is compared with the index's stems only, never with whole stop words ("entre").
      if (stemmed && candidate.count === Infinity) continue;
      var d = distance(word, candidate.word, limit);
      if (d > limit) continue;
      var rank = [d, candidate.word.charAt(0) === word.charAt(0) ? 0 : 1, -candidate.count];
      if (!best || less(rank, best.rank)) best = { word: candidate.word, rank: rank };
    }
    return best && best.word;
  }

  function less(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  }

  // A stemmed language's index holds stems ("entrevist" for entrevista, entrevistas and
  // entrevistador), and Material searches each word with a trailing wildcard, which lunr
  // does not stem: "entrevista*" would miss "entrevist". So each word is searched as its stem.
  function stem(word) {
    var lunr = self.lunr, own = language !== "en" && lunr[language] && lunr[language].stemmer;
    return own ? own(new lunr.Token(word, {})).toString() : word;
  }

  function mend(query) {
    var spans = words(query, self.lunr.tokenizer.separator), text = query;
    for (var i = spans.length - 1; i >= 0; i--) {
      var word = query.slice(spans[i].start, spans[i].end);
      // Leave lunr's query syntax alone: +must -not term~1 term^2 te* field:term.
      var start = spans[i].start, end = spans[i].end;
      if (/[~^*:]/.test(query.charAt(end))) continue;
      if (/[+\-]/.test(query.charAt(start - 1)) && /^\s?$/.test(query.charAt(start - 2))) continue;
      var lower = word.toLowerCase(), stemmed = /^[a-z]+$/.test(lower) ? stem(lower) : lower;
      var mended = stemmed !== lower ? stemmed : null;
      if (lower.length >= MIN_LENGTH && /^[a-z]+$/.test(lower) && !known(stemmed)) {
        mended = (stemmed !== lower ? nearest(stemmed, true) || nearest(lower) : nearest(lower)) || mended;
      }
      if (mended) text = text.slice(0, start) + mended + text.slice(end);
    }
    return text;
  }
})();
