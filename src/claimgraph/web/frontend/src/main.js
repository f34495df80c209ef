// The claimgraph explorer: the actor network (Cytoscape.js), actor profiles, relation
// evidence and the article reader. Every text from articles is set with textContent:
// nothing from the store is ever parsed as HTML.
import cytoscape from "cytoscape";

const API = "/api/v1";
const FAMILY_COLOURS = {
  verbal_cooperation: "#4e9a6f",
  material_cooperation: "#2f6f9f",
  verbal_conflict: "#d08a2e",
  material_conflict: "#b8433a",
};
const STATUS_ORDER = ["asserted", "reported", "alleged", "hedged", "denied", "predicted"];

const params = new URLSearchParams(window.location.search);
const token = params.get("token");

// ---------------------------------------------------------------------------------------------
// small DOM helpers (text only)

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.cls) node.className = options.cls;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  if (options.title) node.title = options.title;
  if (options.attrs) {
    for (const [name, value] of Object.entries(options.attrs)) node.setAttribute(name, value);
  }
  if (options.onClick) node.addEventListener("click", options.onClick);
  for (const child of children) if (child) node.append(child);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

async function api(path, query = {}) {
  const url = new URL(API + path, window.location.origin);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(key, v));
    else url.searchParams.set(key, value);
  }
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(url, { headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function fmtScore(score) {
  return Number(score).toFixed(2);
}

function statusBadge(status) {
  return el("span", { cls: `badge st-${status}`, text: status });
}

function familyLabel(family) {
  return family.replace("_", " ");
}

function relationPath(rel) {
  return `/relations/${encodeURIComponent(rel.subject.id)}/${rel.type}/${encodeURIComponent(rel.object.id)}`;
}

function showError(where, error) {
  clear(where);
  where.append(el("p", { cls: "error", text: `Could not load: ${error.message}` }));
}

// ---------------------------------------------------------------------------------------------
// filters

function currentFilters() {
  const families = [...document.querySelectorAll("input[name=family]:checked")].map((i) => i.value);
  return {
    since: document.getElementById("f-since").value,
    until: document.getElementById("f-until").value,
    status: document.getElementById("f-status").value,
    min_sources: document.getElementById("f-sources").value || 1,
    family: families.length === 4 ? [] : families,
    contradicted: document.getElementById("f-contradicted").checked ? "true" : "",
  };
}

// ---------------------------------------------------------------------------------------------
// the network

let cy = null;

function edgeWidth(score) {
  return 1.5 + 9 * score;
}

async function loadNetwork() {
  const note = document.getElementById("network-note");
  const limit = document.getElementById("f-limit").value || 150;
  let graph;
  try {
    graph = await api("/graph", { ...currentFilters(), limit });
  } catch (error) {
    note.textContent = `Could not load the network: ${error.message}`;
    return;
  }
  const elements = [];
  for (const node of graph.nodes) {
    elements.push({ data: { id: node.id, label: node.name, degree: node.degree, kind: node.kind } });
  }
  for (const edge of graph.edges) {
    elements.push({
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.type,
        colour: FAMILY_COLOURS[edge.family],
        width: edgeWidth(edge.score),
        contradicted: edge.contradicted ? 1 : 0,
        score: edge.score,
        type: edge.type,
      },
    });
  }
  const shown = graph.edges.length;
  note.textContent = graph.truncated
    ? `Showing the ${shown} strongest of ${graph.total} relations`
    : `${shown} relation${shown === 1 ? "" : "s"}`;
  if (cy) cy.destroy();
  cy = cytoscape({
    container: document.getElementById("network"),
    elements,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "background-color": "#3b4a5e",
          color: "#1d2430",
          "font-size": 11,
          "font-family": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
          "text-valign": "bottom",
          "text-margin-y": 4,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "text-background-padding": 2,
          width: "mapData(degree, 1, 12, 18, 44)",
          height: "mapData(degree, 1, 12, 18, 44)",
          "border-width": 2,
          "border-color": "#ffffff",
        },
      },
      { selector: "node[kind = 'state']", style: { "background-color": "#34506f" } },
      { selector: "node[kind = 'person']", style: { "background-color": "#7a5c8e" } },
      { selector: "node[kind = 'armed_group']", style: { "background-color": "#8e4a3c" } },
      { selector: "node[kind = 'igo']", style: { "background-color": "#3f7f78" } },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.9,
          "curve-style": "bezier",
          opacity: 0.85,
          label: "data(label)",
          "font-size": 8,
          color: "#59606b",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.7,
        },
      },
      {
        selector: "edge[contradicted = 1]",
        style: { "line-style": "dashed", "line-color": "#d7263d", "target-arrow-color": "#d7263d" },
      },
      { selector: ":selected", style: { "overlay-color": "#f5b700", "overlay-opacity": 0.25 } },
    ],
    layout: { name: elements.length > 400 ? "grid" : "cose", animate: false, padding: 30, nodeRepulsion: 9000, idealEdgeLength: 110 },
  });
  // a handful of nodes would otherwise be blown up to fill the canvas
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
  cy.on("tap", "node", (event) => showActor(event.target.id()));
  cy.on("tap", "edge", (event) => {
    const [subject, type, object] = event.target.id().split("|");
    showRelation({ subject: { id: subject }, type, object: { id: object } });
  });
}

// ---------------------------------------------------------------------------------------------
// the side panel: actor profile, relation detail

function relationRow(rel) {
  const row = el("li", { cls: "rel", attrs: { "data-relation": `${rel.subject.id}|${rel.type}|${rel.object.id}` } }, [
    el("span", { cls: `fam-dot fam-${rel.family}`, title: familyLabel(rel.family) }),
    el("span", { cls: "rel-text" }, [
      el("strong", { text: rel.subject.name }),
      el("span", { cls: "rel-type", text: ` ${rel.type} ` }),
      el("strong", { text: rel.object.name }),
    ]),
    el("span", { cls: "rel-figures", text: `${rel.n_sources} src · ${fmtScore(rel.score)}` }),
    rel.contradicted ? el("span", { cls: "badge contradicted", text: "contradicted" }) : null,
  ]);
  row.tabIndex = 0;
  row.addEventListener("click", () => showRelation(rel));
  row.addEventListener("keydown", (event) => {
    if (event.key === "Enter") showRelation(rel);
  });
  return row;
}

async function showActor(actorId) {
  const panel = document.getElementById("panel");
  clear(panel);
  panel.append(el("p", { cls: "loading", text: "Loading…" }));
  let profile;
  try {
    profile = await api(`/actors/${encodeURIComponent(actorId)}`, { limit: 30 });
  } catch (error) {
    showError(panel, error);
    return;
  }
  const { actor, aliases, n_relations, n_claims } = profile.summary;
  clear(panel);
  panel.append(
    el("div", { cls: "panel-head" }, [
      el("p", { cls: "eyebrow", text: `Actor · ${actor.kind.replace("_", " ")}` }),
      el("h2", { text: actor.name, attrs: { "data-actor": actor.id } }),
      el("p", { cls: "meta", text: [actor.id, actor.country, actor.sector].filter(Boolean).join(" · ") }),
    ]),
    el("div", { cls: "figures" }, [
      el("div", {}, [el("b", { text: n_relations }), el("span", { text: "relations" })]),
      el("div", {}, [el("b", { text: n_claims }), el("span", { text: "claims" })]),
      el("div", {}, [el("b", { text: aliases.length }), el("span", { text: "aliases" })]),
    ]),
    el("p", { cls: "aliases", text: aliases.slice(0, 12).join(" · ") }),
    el("h3", { text: "Relations by corroboration" }),
    el("ul", { cls: "rel-list" }, profile.relations.map(relationRow)),
  );
  if (cy) {
    cy.elements().unselect();
    cy.getElementById(actor.id).select();
  }
}

function timeline(points) {
  const byDate = new Map();
  for (const point of points) {
    const key = point.date || "undated";
    if (!byDate.has(key)) byDate.set(key, {});
    byDate.get(key)[point.status] = (byDate.get(key)[point.status] || 0) + point.n;
  }
  const max = Math.max(1, ...[...byDate.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  const wrap = el("div", { cls: "timeline", attrs: { role: "img", "aria-label": "claims over time" } });
  for (const [date, counts] of byDate) {
    const column = el("div", { cls: "tl-col", title: `${date}: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ")}` });
    const stack = el("div", { cls: "tl-stack" });
    for (const status of STATUS_ORDER) {
      if (!counts[status]) continue;
      const bar = el("div", { cls: `tl-bar st-bg-${status}` });
      bar.style.height = `${(counts[status] / max) * 100}%`;
      stack.append(bar);
    }
    column.append(stack, el("span", { cls: "tl-label", text: date === "undated" ? "n.d." : date.slice(2) }));
    wrap.append(column);
  }
  return wrap;
}

function highlightedSentence(claim) {
  const sentence = claim.sentence;
  const marks = [];
  for (const [role, span] of Object.entries(claim.highlights)) {
    if (span) marks.push({ role, start: span.start, end: span.end });
  }
  marks.sort((a, b) => a.start - b.start);
  const node = el("p", { cls: "sentence" });
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue; // overlapping spans: keep the first
    node.append(document.createTextNode(sentence.slice(at, mark.start)));
    node.append(el("mark", { cls: `hl-${mark.role}`, text: sentence.slice(mark.start, mark.end), title: mark.role }));
    at = mark.end;
  }
  node.append(document.createTextNode(sentence.slice(at)));
  return node;
}

function claimRow(claim) {
  const doc = claim.document;
  const row = el("tr", { cls: "claim-row", attrs: { "data-claim": claim.claim_id } }, [
    el("td", { cls: "nowrap", text: claim.event_date || doc.published || "—" }),
    el("td", {}, [statusBadge(claim.status)]),
    el("td", {}, [
      highlightedSentence(claim),
      el("p", { cls: "chain-line", text: claim.attribution_text }),
    ]),
    el("td", { cls: "src" }, [el("span", { text: doc.outlet || doc.title || doc.doc_id.slice(0, 8) })]),
  ]);
  row.tabIndex = 0;
  row.addEventListener("click", () => openClaim(claim));
  row.addEventListener("keydown", (event) => {
    if (event.key === "Enter") openClaim(claim);
  });
  return row;
}

async function showRelation(rel) {
  const panel = document.getElementById("panel");
  clear(panel);
  panel.append(el("p", { cls: "loading", text: "Loading…" }));
  let detail;
  let claims;
  try {
    detail = await api(relationPath(rel));
    claims = await api(`${relationPath(rel)}/claims`, { limit: 100, status: document.getElementById("f-status").value });
  } catch (error) {
    showError(panel, error);
    return;
  }
  const r = detail.relation;
  clear(panel);
  const counts = STATUS_ORDER.filter((s) => r.status_counts[s]).map((s) => el("span", { cls: `badge st-${s}`, text: `${r.status_counts[s]} ${s}` }));
  panel.append(
    el("div", { cls: "panel-head" }, [
      el("p", { cls: "eyebrow" }, [el("span", { cls: `fam-dot fam-${r.family}` }), document.createTextNode(` ${familyLabel(r.family)} · ${r.type}`)]),
      el("h2", { attrs: { "data-relation": r.id } }, [
        el("a", { text: r.subject.name, attrs: { href: "#" }, onClick: (e) => { e.preventDefault(); showActor(r.subject.id); } }),
        el("span", { cls: "arrow", text: " → " }),
        el("a", { text: r.object.name, attrs: { href: "#" }, onClick: (e) => { e.preventDefault(); showActor(r.object.id); } }),
      ]),
      el("p", { cls: "meta", text: `${r.first_date || "?"} – ${r.last_date || "?"}` }),
    ]),
    el("div", { cls: "figures" }, [
      el("div", {}, [el("b", { text: fmtScore(r.score) }), el("span", { text: "corroboration" })]),
      el("div", {}, [el("b", { text: r.n_sources }), el("span", { text: "independent sources" })]),
      el("div", {}, [el("b", { text: r.n_claims }), el("span", { text: "claims" })]),
    ]),
    el("div", { cls: "badges" }, counts),
  );
  if (r.contradicted) {
    panel.append(
      el("div", { cls: "contradiction" }, [
        el("h3", { text: "Contradicted" }),
        el("p", { text: `Affirmed by: ${detail.affirming_sources.join(", ") || "—"}` }),
        el("p", { text: `Denied by: ${detail.denying_sources.join(", ") || "—"}` }),
      ]),
    );
  }
  panel.append(el("h3", { text: "Timeline" }), timeline(detail.timeline));
  panel.append(
    el("h3", { text: `Evidence (${claims.items.length}${claims.total > claims.items.length ? ` of ${claims.total}` : ""})` }),
    el("table", { cls: "evidence" }, [
      el("thead", {}, [el("tr", {}, ["Date", "Status", "Claim and attribution", "Source"].map((h) => el("th", { text: h })))]),
      el("tbody", {}, claims.items.map(claimRow)),
    ]),
  );
  if (cy) {
    cy.elements().unselect();
    cy.getElementById(r.id).select();
  }
}

// ---------------------------------------------------------------------------------------------
// the article reader: the claim's sentence highlighted, the attribution chain spelled out

async function openClaim(claim) {
  const reader = document.getElementById("reader");
  const text = document.getElementById("reader-text");
  let doc;
  try {
    doc = await api(`/documents/${encodeURIComponent(claim.doc_id)}`);
  } catch (error) {
    showError(text, error);
    reader.hidden = false;
    return;
  }
  document.getElementById("reader-title").textContent = doc.title || "(untitled)";
  document.getElementById("reader-meta").textContent = [doc.outlet, doc.author, doc.published].filter(Boolean).join(" · ");
  const chain = document.getElementById("reader-chain");
  clear(chain);
  chain.append(
    el("span", { cls: "chain-label", text: "Who says so" }),
    el("span", { cls: "chain-text", text: claim.attribution_text }),
    statusBadge(claim.status),
  );
  clear(text);
  const mark = renderArticle(text, doc.text || "", claim.char_span.start, claim.char_span.end);
  reader.hidden = false;
  if (mark) mark.scrollIntoView({ block: "center" });
}

// Paragraphs of the article as <p> text nodes; the claim's sentence wrapped in <mark>.
function renderArticle(host, body, start, end) {
  const paragraphs = [];
  const breaks = /\n\s*\n/g;
  let at = 0;
  let found;
  while ((found = breaks.exec(body)) !== null) {
    paragraphs.push([at, found.index]);
    at = found.index + found[0].length;
  }
  paragraphs.push([at, body.length]);
  let first = null;
  for (const [ps, pe] of paragraphs) {
    const para = el("p");
    if (end <= ps || start >= pe) {
      para.textContent = body.slice(ps, pe);
    } else {
      const a = Math.max(ps, start);
      const b = Math.min(pe, end);
      const mark = el("mark", { cls: "claim-sentence", text: body.slice(a, b) });
      para.append(document.createTextNode(body.slice(ps, a)), mark, document.createTextNode(body.slice(b, pe)));
      first = first || mark;
    }
    host.append(para);
  }
  return first;
}

function closeReader() {
  document.getElementById("reader").hidden = true;
}

// ---------------------------------------------------------------------------------------------
// actor search, stats, start-up

let searchTimer = null;

function wireSearch() {
  const input = document.getElementById("actor-query");
  const list = document.getElementById("actor-results");
  input.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const query = input.value.trim();
      if (!query) {
        list.hidden = true;
        return;
      }
      let actors = [];
      try {
        actors = await api("/actors", { q: query, limit: 8 });
      } catch (error) {
        actors = [];
      }
      clear(list);
      for (const summary of actors) {
        const item = el("li", {}, [
          el("strong", { text: summary.actor.name }),
          el("span", { cls: "muted", text: ` ${summary.n_relations} relations` }),
        ]);
        item.addEventListener("mousedown", () => {
          list.hidden = true;
          input.value = summary.actor.name;
          showActor(summary.actor.id);
        });
        list.append(item);
      }
      list.hidden = actors.length === 0;
    }, 180);
  });
  input.addEventListener("blur", () => setTimeout(() => (list.hidden = true), 150));
  document.getElementById("actor-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("li");
    if (first) first.dispatchEvent(new Event("mousedown"));
  });
}

async function loadStats() {
  try {
    const stats = await api("/stats");
    document.getElementById("stats").textContent =
      `${stats.documents} documents · ${stats.claims} claims · ${stats.relations} relations`;
  } catch (error) {
    document.getElementById("stats").textContent = error.message;
  }
}

// A read-only handle for debugging and browser tests: the Cytoscape instance of the network.
window.claimgraphExplorer = { network: () => cy };

function start() {
  wireSearch();
  document.getElementById("f-apply").addEventListener("click", loadNetwork);
  document.getElementById("reader-close").addEventListener("click", closeReader);
  document.getElementById("reader").addEventListener("click", (event) => {
    if (event.target.id === "reader") closeReader();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeReader();
  });
  loadStats();
  loadNetwork();
}

start();
