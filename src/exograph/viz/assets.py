"""The page's own style and script (inlined into the page).

The script builds every piece of text it shows with DOM text nodes (`textContent`), never innerHTML,
and reads the data from a JSON block: text from the curated files can never become markup. The only
links it makes go to the resolvers of well-formed identifiers (viz/identifiers.py): DOI, PubMed,
PubMed Central, ClinicalTrials.gov, PROSPERO.

What it does: cards on hover and, on click, in the sidebar; the path of a node (source → study →
outcome) highlighted on hover, kept on click; filters that keep the studies every chosen option allows
and fit the view to what remains; search over every card's text; keyboard access (Tab to the network,
arrows move between nodes, Enter shows the card, +/- zoom, 0 fits, Escape clears). On a folded page
(analysis/fold.py) each link lists its studies: the filters show and hide links by them, and a click
lists them in the sidebar.
"""

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 14px;
       color: #212529; background: #f8f9fa; }
header { padding: 12px 20px 6px; background: #fff; border-bottom: 1px solid #dee2e6; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 12px 0 6px; }
.subtitle, .note, .status { color: #495057; margin: 4px 0; font-size: 12.5px; }
main { display: grid; grid-template-columns: 320px minmax(0, 1fr); gap: 12px; padding: 12px 20px; }
aside, #graph { background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 10px 12px; }
#graph { position: relative; padding: 0; align-self: start; }
/* The network's height is set by the script to what the window leaves below the controls (at least
   MIN_NETWORK_HEIGHT); this is its height before the script runs. */
#mynetwork { width: 100%; height: max(420px, calc(100vh - 190px)); }
#mynetwork .vis-network:focus { outline: 3px solid #1c7ed6; outline-offset: -3px; }
#legend { list-style: none; margin: 0; padding: 5px 10px; display: flex; flex-wrap: wrap; gap: 2px 12px;
          border-bottom: 1px solid #e9ecef; font-size: 12.5px; }
#legend li { white-space: nowrap; }
#layout-status { position: absolute; left: 10px; bottom: 6px; }
#keys { margin: 2px 10px 5px; font-size: 12px; }
#keyboard-status { position: absolute; left: 10px; top: 34px; margin: 0; background: rgba(255,255,255,.85); }
label { display: block; font-weight: bold; font-size: 12.5px; margin: 8px 0 3px; }
select, input[type=search] { width: 100%; padding: 4px 6px; font-size: 13px; }
select:focus, input:focus, button:focus { outline: 2px solid #1c7ed6; }
button { margin-top: 10px; padding: 4px 14px; }
.glyph { display: inline-block; width: 18px; font-size: 16px; text-align: center; }
.count { color: #5c636a; font-size: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
#sidebar { max-height: var(--network-box, max(620px, calc(100vh - 130px))); overflow-y: auto; }
#details { border-top: 1px solid #dee2e6; border-bottom: 1px solid #dee2e6; margin-top: 10px; padding: 6px 0; }
@media (max-width: 1199px) {
  /* Search and filters become one row above the network, which takes the window's width; the details
     panel and the reading notes follow under it. */
  header { padding: 8px 20px 4px; }
  h1 { font-size: 17px; margin: 0 0 2px; }
  main { grid-template-columns: 210px minmax(0, 1fr); gap: 8px 14px; padding: 8px 20px; }
  #sidebar { display: contents; }
  #search-box, #filters { order: 0; }
  #graph { order: 1; grid-column: 1 / -1; }
  #details, #how-to-read { order: 2; grid-column: 1 / -1; background: #fff; border: 1px solid #dee2e6;
                           border-radius: 6px; padding: 6px 12px; margin: 0; }
  #filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 4px 10px; }
  #filters h2 { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  #filters .field { flex: 1 1 120px; min-width: 0; }
  #filters .actions { flex: 0 1 auto; display: flex; align-items: center; gap: 8px; }
  #filters .actions .status { margin: 0; }
  label { margin: 0 0 2px; }
  button { margin-top: 0; }
  #search-status:empty { display: none; }
}
.card { max-width: 440px; font-size: 12.5px; line-height: 1.35; white-space: normal; }
#details .card { max-width: none; }
.card-kind { text-transform: uppercase; font-size: 10.5px; letter-spacing: .05em; color: #868e96; }
.card-title { font-weight: bold; font-size: 14px; margin: 2px 0 6px; }
.card-facts { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 2px 8px; margin: 0 0 6px; }
.card-facts dt { color: #495057; max-width: 130px; }
.card-facts dd { margin: 0; overflow-wrap: anywhere; }
.card-flag { background: #fff4e6; border-left: 3px solid #e8590c; padding: 3px 6px; margin: 4px 0; }
.card-section { font-weight: bold; font-size: 12px; margin: 8px 0 2px; color: #343a40; }
.card-items { list-style: none; padding: 0; margin: 0; }
.card-items li { border-top: 1px solid #e9ecef; padding: 4px 0; }
.item-head { font-weight: bold; margin-right: 6px; }
.item-text, .item-detail { margin-right: 6px; }
.item-detail { color: #1864ab; }
.item-quote { display: block; font-style: italic; color: #495057; margin-top: 2px; }
.item-locator { display: block; color: #868e96; font-size: 11.5px; }
.card-notes { background: #f1f3f5; padding: 4px 6px; margin-top: 6px; }
.card-notes p { margin: 2px 0; }
.more { color: #868e96; font-style: italic; }
.study-list .item-locator { display: inline; margin-left: 4px; }
#folded-note code { font-size: 12px; }
#mynetwork.card-pinned div.vis-tooltip { visibility: hidden !important; }  /* vis-network sets it inline */
div.vis-tooltip { background: #fff; border: 1px solid #adb5bd; border-radius: 5px; padding: 8px 10px;
                  box-shadow: 0 2px 8px rgba(0,0,0,.15); font-family: inherit; white-space: normal; }
#gap-maps, #summary-of-findings, #product-quality, #synthesis, #density, #documents { margin: 0 20px 16px; background: #fff; border: 1px solid #dee2e6; border-radius: 6px;
                      padding: 8px 14px; }
.gap-tables { display: flex; flex-wrap: wrap; gap: 10px 40px; align-items: flex-start; }
.gap-table { overflow-x: auto; margin: 10px 0; max-width: 100%; padding-right: 170px; }
table { border-collapse: collapse; font-size: 12px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th { font-weight: normal; text-align: right; padding: 2px 8px; white-space: nowrap; }
thead th { vertical-align: bottom; text-align: left; height: 190px; white-space: nowrap; padding: 0; }
thead th span { display: inline-block; transform: translate(30px, -4px) rotate(-50deg); transform-origin: left bottom;
                width: 34px; }
td { width: 74px; min-width: 74px; height: 40px; border: 1px solid #ced4da; text-align: left; position: relative;
     font-size: 10.5px; line-height: 1.25; padding: 3px 18px 3px 4px; }
td.gap { background: #fff; }
td.conflict { outline: 2px dashed #e8590c; outline-offset: -4px; }
td .levels { display: block; font-size: 10px; font-weight: bold; }
.rob { display: inline-block; min-width: 15px; height: 15px; padding: 0 2px; border-radius: 8px; border: 1px solid #343a40;
       font-size: 9.5px; line-height: 13px; font-weight: bold; text-align: center; }
td .rob { position: absolute; top: 2px; right: 2px; }
.key { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: middle;
          border: 1px solid #ced4da; }
.swatch.conflict { background: repeating-linear-gradient(45deg, #2171b5 0 4px, #c6dbef 4px 8px); outline: 2px dashed #e8590c; }
.key .rob { margin-right: 4px; vertical-align: middle; }
#density img, #synthesis img { max-width: min(100%, 1000px); }
#not-plotted li { margin: 2px 0; }
td .certainty, td .quality { display: block; font-size: 10px; line-height: 1.1; }
#sof td, #quality td { width: auto; min-width: 0; height: auto; text-align: left; padding: 3px 6px; max-width: 420px; }
#sof thead th, #quality thead th { height: auto; padding: 2px 6px; font-weight: bold; }
#sof td.certainty-4, #sof td.certainty-3 { background: #d3f9d8; } #sof td.certainty-2 { background: #fff3bf; }
#sof td.certainty-1 { background: #ffe3e3; white-space: nowrap; }
.pooling { font-size: 13px; }
#document-list td { width: auto; min-width: 0; height: auto; padding: 3px 8px; max-width: 520px; vertical-align: top; }
#document-list thead th { height: auto; padding: 2px 8px; font-weight: bold; }
.identifier { display: block; white-space: nowrap; }
footer { color: #868e96; font-size: 12px; padding: 4px 20px 20px; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("exograph-data").textContent);
  var HOVER_ITEMS = 5;
  var MAX_SCALE = 1.6;  // a filter that keeps three nodes should not blow them up to fill the screen
  var DIM = 0.15;
  var MIN_NETWORK_HEIGHT = 420;
  var FIT_MARGIN = 1.03;
  var FIT_PAD = 6;  // canvas units around the nodes' boxes
  var folded = data.folded === true;
  var facts = data.studies || {};  // folded pages: study node id -> {label, patients, facts}
  var shownLink = null;  // the folded link whose studies the details panel lists
  var container = document.getElementById("mynetwork");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  }

  function toSet(list) {
    var set = Object.create(null);
    list.forEach(function (s) { set[s] = true; });
    return set;
  }

  // ---- identifiers as links ---------------------------------------------------------------------

  // The resolvers of viz/identifiers.py; an identifier in a quote or statement is linked only when it is
  // written as its registry writes it (the same patterns as there).
  var RESOLVERS = data.resolvers;
  var IDENTIFIER = /\b(10\.\d{4,9}\/[^\s"<>]+)|\b(NCT\d{8})\b|\bPMID:?\s*([1-9]\d{0,8})\b|\b(PMC\d+)\b|\b(CRD\d{6,})\b/g;
  var KINDS = [null, "doi", "nct", "pmid", "pmcid", "prospero"];

  function isResolved(url) {
    return Object.keys(RESOLVERS).some(function (kind) { return url.indexOf(RESOLVERS[kind]) === 0; });
  }

  function link(text, url) {
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // A DOI ends before the punctuation that closes its sentence or an unopened parenthesis.
  function trimDoi(doi) {
    doi = doi.replace(/[.,;:'"\u201d\u2019\]]+$/, "");
    while (doi.slice(-1) === ")" && doi.split("(").length < doi.split(")").length) {
      doi = doi.slice(0, -1).replace(/[.,;:]+$/, "");
    }
    return doi;
  }

  // Text with each well-formed identifier as a link to its resolver; all else stays text.
  function linkify(text) {
    var out = document.createDocumentFragment(), at = 0, match;
    text = String(text);
    IDENTIFIER.lastIndex = 0;
    while ((match = IDENTIFIER.exec(text)) !== null) {
      var group = match.findIndex(function (g, i) { return i > 0 && g !== undefined; });
      var id = match[group], shown = match[0];
      if (KINDS[group] === "doi") { id = shown = trimDoi(id); }
      var url = RESOLVERS[KINDS[group]] + (KINDS[group] === "doi"
        ? id.split("/").map(encodeURIComponent).join("/") : id);
      out.appendChild(document.createTextNode(text.slice(at, match.index)));
      out.appendChild(link(shown, url));
      at = match.index + shown.length;
      IDENTIFIER.lastIndex = at;
    }
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  function linked(tag, className, text) {
    var node = el(tag, className);
    node.appendChild(linkify(text));
    return node;
  }

  // ---- cards ------------------------------------------------------------------------------------

  function item(it) {
    var li = el("li");
    li.appendChild(el("span", "item-head", it.head));
    if (it.text) { li.appendChild(linked("span", "item-text", it.text)); }
    if (it.detail) { li.appendChild(linked("span", "item-detail", it.detail)); }
    if (it.quote) { li.appendChild(linked("q", "item-quote", it.quote)); }
    var where = [it.locator, it.document].filter(Boolean).join(" · ");
    if (where) { li.appendChild(el("span", "item-locator", where)); }
    return li;
  }

  function factList(pairs) {
    var list = el("dl", "card-facts");
    pairs.forEach(function (f) {
      list.appendChild(el("dt", null, f[0]));
      var dd = el("dd");
      // Only a resolver link, built by viz/identifiers.py from a checked identifier, becomes a link.
      if (f[2] && isResolved(f[2])) { dd.appendChild(link(f[1], f[2])); } else { dd.appendChild(linkify(f[1])); }
      list.appendChild(dd);
    });
    return list;
  }

  function card(c, limit) {
    var root = el("div", "card");
    root.appendChild(el("div", "card-kind", c.kind));
    root.appendChild(el("div", "card-title", c.title));
    root.appendChild(factList(c.facts));
    (c.flags || []).forEach(function (flag) { root.appendChild(linked("div", "card-flag", "⚠ " + flag)); });
    var left = limit || Infinity, hidden = 0;
    (c.sections || []).forEach(function (section) {
      var shown = section.items.slice(0, Math.max(left, 0));
      hidden += section.items.length - shown.length;
      left -= shown.length;
      if (!shown.length) { return; }
      root.appendChild(el("div", "card-section", section.title));
      var list = el("ul", "card-items");
      shown.forEach(function (it) { list.appendChild(item(it)); });
      root.appendChild(list);
    });
    if (hidden) { root.appendChild(el("p", "more", "+" + hidden + " more: click the node")); }
    if (c.more) { root.appendChild(el("p", "more", "+" + c.more + " more statements: exograph viz --focus draws them")); }
    if (c.notes && c.notes.length && !limit) {
      var notes = el("div", "card-notes");
      notes.appendChild(el("div", "card-section", "Curators' notes"));
      c.notes.forEach(function (note) { notes.appendChild(linked("p", null, note)); });
      root.appendChild(notes);
    } else if (c.notes && c.notes.length) {
      root.appendChild(el("p", "more", "Curators' notes: click the node"));
    }
    return root;
  }

  // Hover cards: vis-network shows an Element title as it is (a string title as plain text).
  nodes.update(Object.keys(data.cards).map(function (id) {
    return {id: id, title: card(data.cards[id], HOVER_ITEMS)};
  }));

  function nodeLabel(id) { return data.cards[id] ? data.cards[id].title : id; }

  // Every text of a card, lower-cased once, for the search.
  var searchText = Object.create(null);
  Object.keys(data.cards).forEach(function (id) {
    var c = data.cards[id], parts = [c.title, c.kind];
    c.facts.forEach(function (f) { parts.push(f[0], f[1]); });
    (c.flags || []).forEach(function (f) { parts.push(f); });
    (c.sections || []).forEach(function (s) {
      s.items.forEach(function (it) { parts.push(it.head, it.text, it.detail, it.quote, it.locator); });
    });
    (c.notes || []).forEach(function (n) { parts.push(n); });
    searchText[id] = parts.filter(Boolean).join(" \n ").toLowerCase();
  });

  // ---- folded links -------------------------------------------------------------------------------

  // A folded link's studies, those the filters keep (keep: a set, or null for all).
  function remaining(link, keep) {
    return keep === null ? link.studies : link.studies.filter(function (s) { return keep[s] === true; });
  }

  function linkCard(link, studies, limit) {
    var root = el("div", "card");
    root.appendChild(el("div", "card-kind", "folded link"));
    root.appendChild(el("div", "card-title", nodeLabel(link.from) + " — " + nodeLabel(link.to)));
    var patients = studies.reduce(function (sum, s) { return sum + (facts[s] ? facts[s].patients : 0); }, 0);
    var count = studies.length === link.studies.length ? String(studies.length)
      : studies.length + " of " + link.studies.length + " (filtered)";
    root.appendChild(factList([["studies", count], ["patients", String(patients)]]));
    var list = el("ul", "card-items study-list");
    var shown = limit ? studies.slice(0, limit) : studies;
    shown.forEach(function (s) {
      var li = el("li");
      li.setAttribute("data-study", s);
      li.appendChild(el("span", "item-head", facts[s] ? facts[s].label : s));
      if (facts[s]) { li.appendChild(el("span", "item-locator", facts[s].facts)); }
      list.appendChild(li);
    });
    if (shown.length < studies.length) {
      list.appendChild(el("li", "more", "+" + (studies.length - shown.length) + " more: click the link"));
    }
    root.appendChild(list);
    if (!limit) {
      root.appendChild(el("p", "note", "Each study's card and quotes: exograph viz --focus " + link.from +
                                       " --focus " + link.to));
    }
    return root;
  }

  // The sidebar scrolls to the top of the details panel when it is out of sight.
  function reveal(panel) {
    var sidebar = document.getElementById("sidebar");
    var top = panel.offsetTop - sidebar.offsetTop;
    if (top < sidebar.scrollTop || top > sidebar.scrollTop + sidebar.clientHeight - 40) { sidebar.scrollTop = top; }
  }

  function showDetails(id) {
    shownLink = null;
    var panel = document.getElementById("details");
    panel.replaceChildren(data.cards[id] ? card(data.cards[id], 0) : el("p", "note", ""));
    reveal(panel);
  }

  function showStudies(id) {
    var link = edges.get(id);
    if (!link || !link.studies) { return; }
    shownLink = id;
    var panel = document.getElementById("details");
    panel.replaceChildren(linkCard(link, remaining(link, keptSet()), 0));
    reveal(panel);
  }

  // ---- path highlight: a node's whole path, source → study → outcome ------------------------------

  var pinned = null;  // the node whose path stays highlighted (clicked or chosen with the keyboard)
  var lit = null;

  function isVisible(id) { var n = nodes.get(id); return n && !n.hidden; }

  // Through the middle column: a side node lights its studies (or folded sources) and what those link
  // to on the other side; a middle node lights its neighbours.
  function pathOf(id) {
    var column = nodes.get(id).column, on = {}, ways = {};
    on[id] = true;
    network.getConnectedEdges(id).forEach(function (edgeId) {
      var e = edges.get(edgeId), other = e.from === id ? e.to : e.from;
      if (e.hidden || !isVisible(other)) { return; }
      on[other] = true; ways[edgeId] = true;
      if (column === 1 || nodes.get(other).column !== 1) { return; }
      network.getConnectedEdges(other).forEach(function (nextId) {
        var n = edges.get(nextId), far = n.from === other ? n.to : n.from;
        if (n.hidden || !isVisible(far) || nodes.get(far).column === column) { return; }
        on[far] = true; ways[nextId] = true;
      });
    });
    return {nodes: on, edges: ways};
  }

  function light(path) {
    lit = path;
    nodes.update(nodes.getIds().map(function (id) {
      var on = path === null || path.nodes[id];
      return {id: id, opacity: on ? 1 : DIM, font: {color: on ? "#212529" : "rgba(33,37,41,0.25)"}};
    }));
    edges.update(edges.getIds().map(function (id) {
      var on = path !== null && path.edges[id];
      return {id: id, color: {color: on ? "#343a40" : "#adb5bd", opacity: path === null || on ? 1 : DIM}};
    }));
  }

  function highlight(id) { light(id === null ? null : pathOf(id)); }

  function lightedNodes() {
    return lit === null ? [] : Object.keys(lit.nodes).sort();
  }

  // A clicked node's card is in the details panel: its hover card would only cover the network, so it
  // stays hidden until the pointer leaves the node.
  network.on("hoverNode", function (params) { if (pinned === null) { highlight(params.node); } });
  network.on("blurNode", function () {
    container.classList.remove("card-pinned");
    if (pinned === null) { highlight(null); }
  });
  container.addEventListener("mouseleave", function () { if (pinned === null && lit !== null) { highlight(null); } });

  function pin(id) {
    pinned = id;
    highlight(id);
    if (id !== null) { showDetails(id); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { pin(params.nodes[0]); container.classList.add("card-pinned"); }
    else if (folded && params.edges.length) { pin(null); showStudies(params.edges[0]); }
    else { pin(null); }
  });

  // ---- the view ---------------------------------------------------------------------------------

  function visibleIds() {
    return nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; });
  }

  // The network takes the height the window leaves under what is above it (header, filters, legend)
  // and over the line under it, so all of them and the whole network fit one screen; never less than
  // MIN_NETWORK_HEIGHT (a very short window scrolls). The sidebar beside it is as tall as its box.
  function sizeNetwork() {
    var graph = document.getElementById("graph"), keys = document.getElementById("keys");
    var top = container.getBoundingClientRect().top + window.scrollY;
    // the lines under the network inside its box (not the box's own bottom: a grid row may stretch it)
    var below = keys.getBoundingClientRect().bottom - container.getBoundingClientRect().bottom +
      (parseFloat(getComputedStyle(keys).marginBottom) || 0) + (parseFloat(getComputedStyle(graph).borderBottomWidth) || 0);
    var bottom = parseFloat(getComputedStyle(document.querySelector("main")).paddingBottom) || 0;
    var height = Math.max(MIN_NETWORK_HEIGHT, Math.floor(window.innerHeight - top - below - bottom));
    container.style.height = height + "px";
    document.documentElement.style.setProperty("--network-box", graph.getBoundingClientRect().height + "px");
    network.setSize("100%", "100%");
  }

  // Fit the view to the visible nodes with a thin margin (vis-network's fit leaves a tenth of the view
  // empty, which at 1024×700 costs labels a pixel), never closer than MAX_SCALE.
  function fitVisible() {
    var ids = visibleIds();
    if (!ids.length) { return; }
    var left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    ids.forEach(function (id) {
      var box = network.getBoundingBox(id);
      left = Math.min(left, box.left); top = Math.min(top, box.top);
      right = Math.max(right, box.right); bottom = Math.max(bottom, box.bottom);
    });
    // a label's box leaves out the descenders and the white outline of its last line
    left -= FIT_PAD; top -= FIT_PAD; right += FIT_PAD; bottom += FIT_PAD;
    var scale = Math.min(container.clientWidth / ((right - left) * FIT_MARGIN),
                         container.clientHeight / ((bottom - top) * FIT_MARGIN), MAX_SCALE);
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: scale, animation: false});
  }

  sizeNetwork();
  network.once("afterDrawing", function () {
    fitVisible();
    document.body.setAttribute("data-settled", "true");
    document.getElementById("layout-status").textContent = "";
  });
  window.addEventListener("resize", function () { sizeNetwork(); fitVisible(); });

  // ---- filters --------------------------------------------------------------------------------------

  // The studies (and reviews) every chosen option allows; null when no filter is chosen.
  function keptStudies() {
    var kept = null;
    data.facets.forEach(function (facet) {
      var value = document.getElementById("filter-" + facet.name).value;
      if (value === "") { return; }
      var allowed = facet.options[Number(value)].studies;
      if (kept === null) { kept = allowed.slice(); return; }
      var set = toSet(allowed);
      kept = kept.filter(function (s) { return set[s] === true; });
    });
    return kept;
  }

  function keptSet() {
    var kept = keptStudies();
    return kept === null ? null : toSet(kept);
  }

  function filterStudyNodes(kept) {
    var visible = {};
    (kept || []).forEach(function (study) {
      visible[study] = true;
      network.getConnectedNodes(study).forEach(function (n) { visible[n] = true; });
    });
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: kept !== null && !visible[id]}; }));
  }

  // A folded link stays while any of its studies passes the filters; its width and hover card count
  // those studies. A review's links stay while the review passes. A node stays while any link does.
  function filterLinks(keep) {
    var linked = Object.create(null);
    var shown = 0;
    var links = edges.get({filter: function (e) { return Array.isArray(e.studies); }});
    edges.update(links.map(function (link) {
      var studies = remaining(link, keep);
      if (studies.length) { linked[link.from] = true; linked[link.to] = true; shown += 1; }
      return {id: link.id, hidden: studies.length === 0, value: Math.max(studies.length, 1),
              title: linkCard(link, studies, HOVER_ITEMS)};
    }));
    edges.get({filter: function (e) { return e.kind === "review"; }}).forEach(function (e) {
      var review = nodes.get(e.from).kind === "review" ? e.from : e.to;
      if (keep === null || keep[review]) { linked[e.from] = true; linked[e.to] = true; }
    });
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: keep !== null && !linked[id]}; }));
    return " on " + shown + " of " + links.length + " links";
  }

  // "Showing 3 of 11 studies", and the reviews' own layers the filters keep
  function keptText(kept, total) {
    if (kept === null) { return "Showing all " + total + " studies"; }
    var reviews = kept.filter(function (id) { return id.indexOf("review:") === 0; }).length;
    var text = "Showing " + (kept.length - reviews) + " of " + total + " studies";
    return reviews ? text + " and " + reviews + " review-level " + (reviews === 1 ? "layer" : "layers") : text;
  }

  function applyFilters(refit) {
    var kept = keptStudies();
    var links = "";
    if (folded) { links = filterLinks(kept === null ? null : toSet(kept)); } else { filterStudyNodes(kept); }
    var total = data.total;
    document.getElementById("filter-status").textContent = keptText(kept, total) + links;
    if (shownLink !== null) { showStudies(shownLink); }
    if (pinned !== null && !isVisible(pinned)) { pinned = null; }
    highlight(pinned);
    if (refit !== false) { fitVisible(); }
  }

  // ---- search: every card's text ----------------------------------------------------------------

  function matchingNodes(query) {
    return nodes.get({filter: function (n) {
      return !n.hidden && searchText[n.id] !== undefined && searchText[n.id].indexOf(query) >= 0;
    }}).map(function (n) { return n.id; });
  }

  // Folded pages: the visible links holding a kept study whose label or facts match.
  function matchingLinks(query) {
    var keep = keptSet();
    var studies = Object.create(null);
    var ids = edges.get({filter: function (e) { return Array.isArray(e.studies) && !e.hidden; }})
      .filter(function (link) {
        var hits = remaining(link, keep).filter(function (s) {
          return facts[s] && (facts[s].label + " " + facts[s].facts).toLowerCase().indexOf(query) >= 0;
        });
        hits.forEach(function (s) { studies[s] = true; });
        return hits.length > 0;
      }).map(function (link) { return link.id; });
    return {ids: ids, studies: Object.keys(studies).length};
  }

  function search(text) {
    var query = text.trim().toLowerCase();
    var status = document.getElementById("search-status");
    if (!query) { network.unselectAll(); status.textContent = ""; return; }
    var ids = matchingNodes(query);
    var names = ids.slice(0, 4).map(nodeLabel).join("; ") + (ids.length > 4 ? "; …" : "");
    var matches = (ids.length === 1 ? "1 match" : ids.length + " matches") + (ids.length ? ": " + names : "");
    if (!folded) {
      network.selectNodes(ids);
      if (ids.length) { showDetails(ids[0]); }
      status.textContent = matches;
      return;
    }
    var links = matchingLinks(query);
    network.setSelection({nodes: ids, edges: links.ids}, {unselectAll: true, highlightEdges: false});
    // a study's label: list the studies of its first link; else the first matching node's card
    if (links.ids.length) { showStudies(links.ids[0]); } else if (ids.length) { showDetails(ids[0]); }
    status.textContent = matches + "; " + (links.studies === 1 ? "1 study" : links.studies + " studies") +
      " on " + (links.ids.length === 1 ? "1 link" : links.ids.length + " links");
  }

  // ---- keyboard ---------------------------------------------------------------------------------------

  var focused = null;

  function announce(id) {
    var c = data.cards[id], line = c ? c.kind + ": " + c.title + (c.facts.length ? "; " + c.facts[0].join(" ") : "") : id;
    document.getElementById("keyboard-status").textContent = line;
  }

  // The visible nodes of a column, top to bottom.
  function columnNodes(column) {
    var ids = nodes.get({filter: function (n) { return !n.hidden && n.column === column; }}).map(function (n) { return n.id; });
    var at = network.getPositions(ids);
    return ids.sort(function (a, b) { return at[a].y - at[b].y || at[a].x - at[b].x; });
  }

  function keepInView(id) {
    var p = network.canvasToDOM(network.getPositions([id])[id]);
    if (p.x < 0 || p.y < 0 || p.x > container.clientWidth || p.y > container.clientHeight) {
      network.focus(id, {scale: network.getScale(), animation: false});
    }
  }

  function focusNode(id) {
    if (!id) { return; }
    focused = id;
    network.selectNodes([id]);
    pin(id);
    keepInView(id);
    announce(id);
  }

  function step(direction) {
    if (focused === null || !isVisible(focused)) {
      focusNode(columnNodes(1)[0] || visibleIds()[0]);
      return;
    }
    var column = nodes.get(focused).column;
    if (direction === "up" || direction === "down") {
      var list = columnNodes(column), at = list.indexOf(focused);
      focusNode(list[Math.min(list.length - 1, Math.max(0, at + (direction === "down" ? 1 : -1)))]);
      return;
    }
    var target = column + (direction === "right" ? 1 : -1);
    var candidates = columnNodes(target);
    if (!candidates.length) { return; }
    var linked = toSet(network.getConnectedNodes(focused));
    var y = network.getPositions([focused])[focused].y, pos = network.getPositions(candidates);
    var pool = candidates.filter(function (n) { return linked[n]; });
    pool = pool.length ? pool : candidates;
    focusNode(pool.reduce(function (best, n) {
      return Math.abs(pos[n].y - y) < Math.abs(pos[best].y - y) ? n : best;
    }, pool[0]));
  }

  // vis-network's frame is the network's one tab stop: say what it is and which keys it takes.
  var frame = container.querySelector(".vis-network") || container;
  frame.tabIndex = 0;
  frame.setAttribute("role", "application");
  frame.setAttribute("aria-label", "network of exosome sources, studies, indications, outcomes and adverse events");
  frame.setAttribute("aria-describedby", "keys");

  var KEYS = {ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right"};
  container.addEventListener("keydown", function (event) {
    if (KEYS[event.key]) { step(KEYS[event.key]); }
    else if (event.key === "Enter" || event.key === " ") { if (focused) { showDetails(focused); } else { step("down"); } }
    else if (event.key === "Escape") { focused = null; network.unselectAll(); pin(null); announce(""); }
    else if (event.key === "+" || event.key === "=") { network.moveTo({scale: network.getScale() * 1.25}); }
    else if (event.key === "-") { network.moveTo({scale: network.getScale() / 1.25}); }
    else if (event.key === "0") { fitVisible(); }
    else { return; }
    event.preventDefault();
  });

  // ---- wiring -----------------------------------------------------------------------------------------

  data.facets.forEach(function (facet) {
    document.getElementById("filter-" + facet.name).addEventListener("change", applyFilters);
  });
  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });
  document.getElementById("reset").addEventListener("click", function () {
    data.facets.forEach(function (facet) { document.getElementById("filter-" + facet.name).value = ""; });
    document.getElementById("search").value = "";
    search("");
    pin(null);
    applyFilters();
  });
  applyFilters(false);
  window.exograph = {applyFilters: applyFilters, search: search, showDetails: showDetails, showStudies: showStudies,
                     highlight: highlight, highlighted: lightedNodes, fit: fitVisible, folded: folded};
})();
"""
