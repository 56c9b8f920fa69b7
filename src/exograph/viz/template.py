"""The page's HTML (a Jinja template, autoescaped: every `{{ value }}` from the data is HTML-escaped).

Scripts and styles are passed in pre-built (`Markup`) and inlined; the Content-Security-Policy allows
only those scripts (by hash) and data: images, so the page can make no network request at all.
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="exograph viz (DO NOT EDIT: generated from build/exograph.nt)">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>{{ css }}</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
  <h1>{{ title }}</h1>
  <p class="subtitle">{{ subtitle }}</p>
</header>
<main>
<aside id="sidebar">
  <section id="search-box">
    <label for="search">Search</label>
    <input id="search" type="search" placeholder="study, source, outcome…" autocomplete="off">
    <p id="search-status" class="status" aria-live="polite"></p>
  </section>
  <section id="filters">
    <h2>Filters</h2>
    {% for facet in facets %}
    <div class="field">
    <label for="filter-{{ facet.name }}">{{ facet.title }}</label>
    <select id="filter-{{ facet.name }}" data-facet="{{ loop.index0 }}">
      <option value="">all</option>
      {% for option in facet.options %}<option value="{{ loop.index0 }}">{{ option.label }} ({{ option.count }})</option>
      {% endfor %}
    </select>
    </div>
    {% endfor %}
    <div class="field actions"><button id="reset" type="button">Reset</button>
    <p id="filter-status" class="status" aria-live="polite"></p></div>
  </section>
  <section id="details"><p class="note">Click a {% if folded %}link to list its studies, or a {% endif %}node to see its facts and their provenance here.</p></section>
  <section id="how-to-read">
    <h2>How to read the network</h2>
    {% if folded %}
    <p class="note" id="folded-note">Folded: over {{ budget }} nodes, the studies are drawn as {{ links }} links
      from each exosome source to the indications, outcomes and adverse events of its studies.
      Link width: studies; node size: patients. Hover a link for a summary; click it to list its studies.
      <code>exograph viz --focus NODE</code> draws the studies around a node one by one.</p>
    {% else %}
    <p class="note">Every link runs through a study. Edge width and node size: patients (for an adverse
      event, the patients it affected where a source says so). ⚠ marks a study that states no adverse event
      yet reports one, and the events concerned.{% if reviews %} Dashed links: a review's own results
      (review → indication → outcome), for reviews without per-study data.{% endif %}
      Hover a node to light its path and see its card; click it to keep both.</p>
    {% endif %}
  </section>
</aside>
<section id="graph">
  <h2 class="visually-hidden">Network</h2>
  <ul id="legend" aria-label="legend">
    {% for entry in legend %}<li><span class="glyph" style="color: {{ entry.colour }}">{{ entry.glyph }}</span>{{ entry.name }} <span class="count">{{ entry.count }}</span></li>
    {% endfor %}
    {% if conflicts %}<li><span class="glyph" style="color: #e8590c">⚠</span>conflicting statements <span class="count">{{ conflicts }}</span></li>{% endif %}
  </ul>
  <div id="mynetwork"></div>
  <p id="layout-status" class="status">laying out…</p>
  <p id="keys" class="status">Hover a node for its card{% if folded %} (a link for its studies){% endif %}; a click keeps it in the
    details panel. Keyboard: Tab here, arrows move between nodes, Enter shows the card, +/− zoom, 0 fits, Esc clears.</p>
  <p id="keyboard-status" class="status" aria-live="polite"></p>
</section>
</main>
<section id="gap-maps">
  <h2>Evidence gap map</h2>
  <p class="note">Each cell: studies and patients for an exosome source and an indication (or outcome).
    Colour: the best evidence level among them (OCEBM, darker is stronger); a dashed, split cell marks a best
    level that depends on which of the review's conflicting statements is right (e.g. II≠IV).
    Badge: that study's overall risk of bias, by letter. An empty cell is a gap. Hover a cell for its best study.</p>
  <div class="gap-tables">
  {% for table in gap_tables %}
  <div class="gap-table">
  <table id="gap-{{ table.kind }}">
    <caption>{{ table.caption }}</caption>
    <thead><tr><th scope="col">{{ table.corner }}</th>{% for column in table.columns %}<th scope="col" title="{{ column.title }}"><span>{{ column.label }}</span></th>{% endfor %}</tr></thead>
    <tbody>
    {% for row in table.rows %}<tr><th scope="row">{{ row.label }}</th>{% for cell in row.cells %}{% if cell %}<td class="level-{{ cell.level }}{% if cell.conflict %} conflict{% endif %}" title="{{ cell.title }}">{{ cell.text[0] }}<br>{{ cell.text[1] }}{% if cell.levels %}<span class="levels">{{ cell.levels }}</span>{% endif %}{% if cell.rob %}<span class="rob rob-{{ cell.rob }}" aria-label="risk of bias {{ cell.rob }}">{{ cell.rob_code }}</span>{% endif %}{% if cell.certainty %}<span class="certainty">{{ cell.certainty }}</span>{% endif %}{% if cell.quality %}<span class="quality">{{ cell.quality }}</span>{% endif %}</td>{% else %}<td class="gap"></td>{% endif %}{% endfor %}</tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
  {% endfor %}
  </div>
  <p class="note">⊕⊕⊕⊕ high … ⊕◯◯◯ very low: the highest computed certainty of the cell's bodies of evidence
    ({{ computed_by }}); EV: the median share of MISEV reporting items its studies meet.</p>
  <ul class="key">{% for level, colour in level_colours %}<li><span class="swatch" style="background: {{ colour }}"></span>Level {{ level }}</li>{% endfor %}
    <li><span class="swatch conflict"></span>conflicting levels</li>
    {% for judgement, code in rob_codes %}<li><span class="rob rob-{{ judgement }}">{{ code }}</span>risk of bias {{ judgement }}</li>{% endfor %}</ul>
</section>
<section id="summary-of-findings">
  <h2>Summary of findings</h2>
  <p class="note">Certainty per outcome, exosome source and indication, {{ computed_by }}: start by design
    (high when every study compares randomized arms), then rated down for risk of bias, inconsistency,
    indirectness, imprecision and publication bias (rules and sources: docs/appraisal.md).</p>
  <div class="gap-table">
  <table id="sof">
    <thead><tr><th scope="col">outcome</th><th scope="col">source</th><th scope="col">indication</th><th scope="col">studies</th><th scope="col">patients</th><th scope="col">effect as reported</th><th scope="col">certainty</th><th scope="col">rated down because</th></tr></thead>
    <tbody>
    {% for f in findings %}<tr><td>{{ f.outcome }}</td><td>{{ f.source }}</td><td>{{ f.indication }}</td><td>{{ f.studies }}</td><td>{{ f.patients }}</td><td>{{ f.effect }}</td><td class="certainty-{{ f.rank }}">{{ f.symbol }} {{ f.certainty }}</td><td>{{ f.reasons }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
</section>
<section id="product-quality">
  <h2>EV product quality beside risk of bias</h2>
  <p class="note">The share of applicable MISEV2018/2023 reporting items each study's record states (computed;
    an item is met only by a stated fact), beside the review's overall risk-of-bias judgement.</p>
  <div class="gap-table">
  <table id="quality">
    <thead><tr><th scope="col">study</th><th scope="col">EV product reporting</th><th scope="col">missing items</th><th scope="col">risk of bias</th></tr></thead>
    <tbody>
    {% for q in quality_rows %}<tr><td>{{ q.study }}</td><td>{{ q.summary }}</td><td>{{ q.missing }}</td><td>{{ q.rob }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
</section>
<section id="synthesis">
  <h2>Pooled estimates</h2>
  {% if pooled_png %}<img alt="forest plot of each pooled estimate with its studies" src="{{ pooled_png }}">{% endif %}
  <ul class="pooling">{% for p in poolings %}<li><strong>{{ p.title }}</strong>: {{ p.text }}</li>{% endfor %}</ul>
  <p class="note">Statistical checks of reported numbers: {% for verdict, count in verdicts|dictsort %}{{ count }} {{ verdict }}{% if not loop.last %}, {% endif %}{% endfor %} (saved query statistical-checks).</p>
</section>
{% if density_png %}
<section id="density">
  <h2>Hair density, study by study</h2>
  <p class="note">Before–after changes in hair density in treated patients (not differences from a control group);
    nothing is pooled.</p>
  <img alt="forest plot of the before–after change in hair density (hairs/cm²) per study, grouped by exosome source" src="{{ density_png }}">
  {% if omissions %}
  <h3 class="note">Not plotted: hair density measured, but no change in hairs/cm²</h3>
  <ul id="not-plotted">{% for line in omissions %}<li>{{ line }}</li>{% endfor %}</ul>
  {% endif %}
</section>
{% elif density_note %}
<section id="density">
  <h2>Hair density, study by study</h2>
  <p class="note">{{ density_note }}</p>
</section>
{% endif %}
<section id="documents">
  <h2>Source documents</h2>
  <p class="note">Every fact on this page quotes one of these documents; its card names the document and the place.</p>
  <table id="document-list">
    <thead><tr><th scope="col">document</th><th scope="col">kind</th><th scope="col">identifiers</th><th scope="col">quoted by</th></tr></thead>
    <tbody>
    {% for d in documents %}<tr><td>{{ d.label }}</td><td>{{ d.kind }}</td><td>{% for id in d.identifiers %}<span class="identifier">{{ id[0] }} {% if id[2] %}<a href="{{ id[2] }}" rel="noopener noreferrer" target="_blank">{{ id[1] }}</a>{% else %}{{ id[1] }}{% endif %}</span>{% else %}none recorded{% endfor %}</td><td>{{ d.cited_by|join("; ") or "no record" }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>
<footer>Generated by exograph from the curated records; every fact links back to its quote and locator.</footer>
<script type="application/json" id="exograph-data">{{ data_json }}</script>
<script>{{ page_js }}</script>
</body>
</html>
"""
