"""The page's own style and script (inlined into the page).

The script builds every piece of text it shows with DOM text nodes (`textContent`), never innerHTML,
and reads the data from a JSON block: text from the curated files can never become markup. On a folded
page (analysis/fold.py) each link lists its studies: the filters show and hide links by them, and a
click lists them in the sidebar.
"""

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 14px;
       color: #212529; background: #f8f9fa; }
header { padding: 12px 20px 6px; background: #fff; border-bottom: 1px solid #dee2e6; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 12px 0 6px; }
.subtitle, .note, .status { color: #495057; margin: 4px 0; font-size: 12.5px; }
main { display: grid; grid-template-columns: 300px minmax(0, 1fr); gap: 12px; padding: 12px 20px; }
aside, #graph { background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 10px 12px; }
#graph { position: relative; padding: 0; }
#mynetwork { width: 100%; height: max(640px, calc(100vh - 150px)); }
#layout-status { position: absolute; left: 10px; bottom: 6px; }
label { display: block; font-weight: bold; font-size: 12.5px; margin: 8px 0 3px; }
select, input[type=search] { width: 100%; padding: 4px 6px; font-size: 13px; }
button { margin-top: 10px; padding: 4px 14px; }
#legend ul { list-style: none; padding: 0; margin: 0; }
#legend li { margin: 3px 0; }
.glyph { display: inline-block; width: 22px; font-size: 17px; text-align: center; }
.count { color: #868e96; font-size: 12px; }
#sidebar { max-height: max(660px, calc(100vh - 130px)); overflow-y: auto; }
#details { border-top: 1px solid #dee2e6; margin-top: 10px; padding-top: 6px; }
.card { max-width: 420px; font-size: 12.5px; line-height: 1.35; white-space: normal; }
.card-kind { text-transform: uppercase; font-size: 10.5px; letter-spacing: .05em; color: #868e96; }
.card-title { font-weight: bold; font-size: 14px; margin: 2px 0 6px; }
.card-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; margin: 0 0 6px; }
.card-facts dt { color: #495057; }
.card-facts dd { margin: 0; }
.card-items { list-style: none; padding: 0; margin: 0; }
.card-items li { border-top: 1px solid #e9ecef; padding: 4px 0; }
.item-head { font-weight: bold; margin-right: 6px; }
.item-text, .item-detail { margin-right: 6px; }
.item-detail { color: #1c7ed6; }
.item-quote { display: block; font-style: italic; color: #495057; margin-top: 2px; }
.item-locator { display: block; color: #868e96; font-size: 11.5px; }
.more { color: #868e96; font-style: italic; }
.study-list .item-locator { display: inline; margin-left: 4px; }
#folded-note code { font-size: 12px; }
div.vis-tooltip { background: #fff; border: 1px solid #adb5bd; border-radius: 5px; padding: 8px 10px;
                  box-shadow: 0 2px 8px rgba(0,0,0,.15); font-family: inherit; white-space: normal; }
#gap-maps, #density { margin: 0 20px 16px; background: #fff; border: 1px solid #dee2e6; border-radius: 6px;
                      padding: 8px 14px; }
.gap-table { overflow-x: auto; margin: 10px 0; }
table { border-collapse: collapse; font-size: 12px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th { font-weight: normal; text-align: right; padding: 2px 8px; white-space: nowrap; }
thead th { vertical-align: bottom; text-align: left; height: 130px; white-space: nowrap; padding: 0; }
thead th span { display: inline-block; transform: translate(28px, -4px) rotate(-45deg); transform-origin: left bottom;
                width: 34px; }
td { width: 64px; min-width: 64px; height: 40px; border: 1px solid #ced4da; text-align: center; position: relative;
     font-size: 11px; }
td.gap { background: #fff; }
td.level-I { background: #08306b; color: #fff; } td.level-II { background: #2171b5; color: #fff; }
td.level-III { background: #6baed6; } td.level-IV { background: #c6dbef; } td.level-V { background: #eef3fa; }
td.level-none { background: #d9d9d9; }
.rob { display: inline-block; width: 10px; height: 10px; border-radius: 50%; border: 1px solid #fff; }
td .rob { position: absolute; top: 3px; right: 3px; }
.rob-low { background: #2f9e44; } .rob-moderate { background: #f08c00; }
.rob-unclear, .rob-no-information { background: #868e96; }
.rob-high, .rob-serious { background: #e03131; } .rob-serious-to-critical { background: #a51111; }
.rob-critical { background: #5c0a0a; }
.key { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: middle;
          border: 1px solid #ced4da; }
.key .rob { margin-right: 4px; vertical-align: middle; border-color: #ced4da; }
#density img, #synthesis img { max-width: min(100%, 1000px); }
td .certainty, td .quality { display: block; font-size: 10px; line-height: 1.1; }
#sof td, #quality td { width: auto; min-width: 0; height: auto; text-align: left; padding: 3px 6px; max-width: 420px; }
#sof thead th, #quality thead th { height: auto; padding: 2px 6px; font-weight: bold; }
#sof td.certainty-4, #sof td.certainty-3 { background: #d3f9d8; } #sof td.certainty-2 { background: #fff3bf; }
#sof td.certainty-1 { background: #ffe3e3; white-space: nowrap; }
.pooling { font-size: 13px; }
footer { color: #868e96; font-size: 12px; padding: 4px 20px 20px; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("exograph-data").textContent);
  var HOVER_ITEMS = 5;
  var folded = data.folded === true;
  var facts = data.studies || {};  // folded pages: study node id -> {label, patients, facts}
  var shownLink = null;  // the folded link whose studies the details panel lists

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

  function item(it) {
    var li = el("li");
    li.appendChild(el("span", "item-head", it.head));
    if (it.text) { li.appendChild(el("span", "item-text", it.text)); }
    if (it.detail) { li.appendChild(el("span", "item-detail", it.detail)); }
    if (it.quote) { li.appendChild(el("q", "item-quote", it.quote)); }
    var where = [it.locator, it.document].filter(Boolean).join(" · ");
    if (where) { li.appendChild(el("span", "item-locator", where)); }
    return li;
  }

  function factList(pairs) {
    var list = el("dl", "card-facts");
    pairs.forEach(function (f) { list.appendChild(el("dt", null, f[0])); list.appendChild(el("dd", null, f[1])); });
    return list;
  }

  function card(c, limit) {
    var root = el("div", "card");
    root.appendChild(el("div", "card-kind", c.kind));
    root.appendChild(el("div", "card-title", c.title));
    root.appendChild(factList(c.facts));
    var list = el("ul", "card-items");
    var shown = limit ? c.items.slice(0, limit) : c.items;
    shown.forEach(function (it) { list.appendChild(item(it)); });
    if (shown.length < c.items.length) {
      list.appendChild(el("li", "more", "+" + (c.items.length - shown.length) + " more: click the node"));
    }
    if (c.more) {
      list.appendChild(el("li", "more", "+" + c.more + " more statements: exograph viz --focus draws them"));
    }
    root.appendChild(list);
    return root;
  }

  // Hover cards: vis-network shows an Element title as it is (a string title as plain text).
  nodes.update(Object.keys(data.cards).map(function (id) {
    return {id: id, title: card(data.cards[id], HOVER_ITEMS)};
  }));

  function nodeLabel(id) { return data.cards[id] ? data.cards[id].title : id; }

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

  function showDetails(id) {
    shownLink = null;
    var panel = document.getElementById("details");
    panel.replaceChildren(data.cards[id] ? card(data.cards[id], 0) : el("p", "note", ""));
  }

  function showStudies(id) {
    var link = edges.get(id);
    if (!link || !link.studies) { return; }
    shownLink = id;
    document.getElementById("details").replaceChildren(linkCard(link, remaining(link, keptSet()), 0));
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
    else if (folded && params.edges.length) { showStudies(params.edges[0]); }
  });

  // Settle: stabilise once, then switch physics off so nothing moves afterwards.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    document.body.setAttribute("data-settled", "true");
    document.getElementById("layout-status").textContent = "";
  });

  // Filters: keep the studies every chosen option allows, and what they link to.
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
  // those studies. A node stays while any of its links does.
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
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: keep !== null && !linked[id]}; }));
    return " on " + shown + " of " + links.length + " links";
  }

  function applyFilters() {
    var kept = keptStudies();
    var links = "";
    if (folded) { links = filterLinks(kept === null ? null : toSet(kept)); } else { filterStudyNodes(kept); }
    var total = data.total;
    document.getElementById("filter-status").textContent =
      (kept === null ? "Showing all " + total + " studies" : "Showing " + kept.length + " of " + total + " studies") + links;
    if (shownLink !== null) { showStudies(shownLink); }
  }

  function matchingNodes(query) {
    return nodes.get({filter: function (n) {
      return !n.hidden && data.cards[n.id] && data.cards[n.id].title.toLowerCase().indexOf(query) >= 0;
    }}).map(function (n) { return n.id; });
  }

  // Folded pages: the visible links holding a kept study whose label matches.
  function matchingLinks(query) {
    var keep = keptSet();
    var studies = Object.create(null);
    var ids = edges.get({filter: function (e) { return Array.isArray(e.studies) && !e.hidden; }})
      .filter(function (link) {
        var hits = remaining(link, keep).filter(function (s) {
          return facts[s] && facts[s].label.toLowerCase().indexOf(query) >= 0;
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
    var matches = ids.length === 1 ? "1 match" : ids.length + " matches";
    if (!folded) {
      network.selectNodes(ids);
      if (ids.length) { showDetails(ids[0]); }
      status.textContent = matches;
      return;
    }
    var links = matchingLinks(query);
    network.setSelection({nodes: ids, edges: links.ids}, {unselectAll: true, highlightEdges: false});
    if (ids.length) { showDetails(ids[0]); } else if (links.ids.length) { showStudies(links.ids[0]); }
    status.textContent = matches + "; " + (links.studies === 1 ? "1 study" : links.studies + " studies") +
      " on " + (links.ids.length === 1 ? "1 link" : links.ids.length + " links");
  }

  data.facets.forEach(function (facet) {
    document.getElementById("filter-" + facet.name).addEventListener("change", applyFilters);
  });
  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });
  document.getElementById("reset").addEventListener("click", function () {
    data.facets.forEach(function (facet) { document.getElementById("filter-" + facet.name).value = ""; });
    document.getElementById("search").value = "";
    search("");
    applyFilters();
    network.fit({animation: false});
  });
  applyFilters();
  window.exograph = {applyFilters: applyFilters, search: search, showDetails: showDetails, showStudies: showStudies,
                     folded: folded};
})();
"""
