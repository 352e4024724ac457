/*
 * Search that forgives spelling (handbook/developers.md, "Search that forgives spelling").
 *
 * This file runs as the search worker: overrides/partials/lazy-search.html
 * starts it instead of Material's worker, naming that worker after the '#'.
 * It loads Material's worker unchanged, then mends each query before
 * Material's own message handler reads it: a word of MIN_LENGTH or more
 * letters that starts no word in the index is replaced by the index's word
 * nearest to it (one edit: a letter missing, doubled, wrong or two letters
 * swapped; two edits for words of LONG_WORD letters or more). Nothing else
 * changes: a word the index knows is never touched, so correctly spelt
 * queries rank exactly as before, and Material then highlights and ranks the
 * mended query as if it had been typed that way.
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
 *
 * Zensical's search worker has no lunr: this file then only loads it.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 5;   // shorter words have too many neighbours one edit away
  var LONG_WORD = 8;    // from here on, two edits are still one clear word
  var SETUP = 0, QUERY = 2;  // Material's message types (SearchMessageType)

  // Only Material's (or Zensical's) own worker, next to this file's folder.
  var name = decodeURIComponent(self.location.hash.slice(1));
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("search-fuzzy.js: start it as search-fuzzy.js#search.HASH.min.js");
  }

  var index = null;        // the lunr index Material builds
  var vocabulary = null;   // its words, each with how many entries hold it
  var stopWords = [];

  // Registered before Material's worker is loaded, so it runs first and can
  // mend the query in the message that Material's handler then reads.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (!message) return;
    if (message.type === SETUP && message.data && message.data.config) {
      stopWords = message.data.config.stop_words || [];
      vocabulary = null;
    } else if (message.type === QUERY && typeof message.data === "string" && index) {
      message.data = mend(message.data);
    }
  });

  importScripts(new URL("javascripts/workers/" + name, self.location.href).href);

  var lunr = self.lunr;
  if (!lunr || !lunr.Builder || !lunr.tokenizer) return;  // not Material's lunr worker
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    index = build.apply(this, arguments);
    vocabulary = null;
    return index;
  };

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
  function nearest(word) {
    var limit = word.length >= LONG_WORD ? 2 : 1, best = null;
    var candidates = words_of_index();
    for (var i = 0; i < candidates.length; i++) {
      var candidate = candidates[i];
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

  function mend(query) {
    var spans = words(query, lunr.tokenizer.separator), text = query;
    for (var i = spans.length - 1; i >= 0; i--) {
      var word = query.slice(spans[i].start, spans[i].end);
      var lower = word.toLowerCase();
      if (lower.length < MIN_LENGTH || !/^[a-z]+$/.test(lower) || known(lower)) continue;
      // Leave lunr's query syntax alone: +must -not term~1 term^2 te* field:term.
      var start = spans[i].start, end = spans[i].end;
      if (/[~^*:]/.test(query.charAt(end))) continue;
      if (/[+\-]/.test(query.charAt(start - 1)) && /^\s?$/.test(query.charAt(start - 2))) continue;
      var mended = nearest(lower);
      if (mended) text = text.slice(0, start) + mended + text.slice(end);
    }
    return text;
  }
})();
