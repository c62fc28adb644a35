/* The interactive graph of a graphmap case report (needs cytoscape, inlined before it).
   Reads its data from the JSON block with id "graph-data" and its fixed texts from the one with
   id "graph-texts"; draws into #cy and shows the clicked node in #graph-panel. */
(function () {
  "use strict";
  var dataBlock = document.getElementById("graph-data");
  var container = document.getElementById("cy");
  var panel = document.getElementById("graph-panel");
  if (!dataBlock || !container || !panel || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(dataBlock.textContent);
  var T = JSON.parse(document.getElementById("graph-texts").textContent);
  var info = {}, byIdent = {}, elements = [];
  // the types whose labels show at the zoom that fits the whole graph; the others show when zooming in
  var KEY = ["Organisation", "Role", "Post", "Task", "AITool", "Capsule", "Usage", "NonUsage", "Risk"];

  var degree = {};
  data.edges.forEach(function (e) {
    degree[e.source] = (degree[e.source] || 0) + 1;
    degree[e.target] = (degree[e.target] || 0) + 1;
  });
  data.nodes.forEach(function (n) {
    info[n.id] = n;
    if (n.ident) { byIdent[n.ident] = n.id; }
    var small = n.type === "Concept" || n.type === "External";
    var size = (small ? 10 : 16) + Math.min(26, 3 * Math.sqrt(degree[n.id] || 0));
    elements.push({ group: "nodes", data: { id: n.id, label: n.label, type: n.type, size: size,
                                            key: KEY.indexOf(n.type) >= 0, colour: data.colours[n.type] || "#999" } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, rel: e.rel,
                                            name: (data.rels && data.rels[e.rel]) || e.rel } });
  });

  var cy = cytoscape({
    container: container,
    elements: elements,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 8, "color": "#1f2933",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 120,
        "min-zoomed-font-size": 9, "width": "data(size)", "height": "data(size)",
        "border-width": 1, "border-color": "#ffffff" } },
      { selector: "node[?key]", style: { "font-size": 14, "font-weight": "bold", "text-outline-color": "#ffffff",
        "text-outline-width": 2 } },
      { selector: "node[type = 'Concept'], node[type = 'External']", style: { "shape": "round-rectangle", "font-size": 8 } },
      { selector: "edge", style: {
        "width": 1, "line-color": "#c3cad4", "curve-style": "haystack", "opacity": 0.8 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111827", "font-size": 12, "font-weight": "bold", "z-index": 10 } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: "edge.near", style: { "line-color": "#5f6b7a", "width": 2, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#5f6b7a", "arrow-scale": 0.7,
        "label": "data(name)", "font-size": 7, "text-rotation": "autorotate", "color": "#5f6b7a",
        "text-background-color": "#ffffff", "text-background-opacity": 0.8 } },
      { selector: ".hit", style: { "border-width": 4, "border-color": "#f59f00" } },
      { selector: ".off", style: { "display": "none" } }
    ]
  });
  cy.layout({ name: "cose", animate: false, randomize: true, fit: true, padding: 20, numIter: 1500,
              nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 50; },
              nodeOverlap: 8, componentSpacing: 60, gravity: 0.6 }).run();
  container.setAttribute("data-graph-nodes", String(cy.nodes().length));
  container.setAttribute("data-graph-edges", String(cy.edges().length));

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function link(node) {
    var a = el("a", { title: info[node.id()].ident || info[node.id()].iri }, node.data("label"));
    a.addEventListener("click", function () { focus(node); });
    return a;
  }

  function show(node) {
    var n = info[node.id()];
    panel.textContent = "";
    var swatch = el("span", { "class": "badge", style: "background:" + (data.colours[n.type] || "#999") + ";color:#fff" }, T.types[n.type] || n.type);
    panel.appendChild(swatch);
    panel.appendChild(el("h3", {}, n.label));
    if (n.ident) { panel.appendChild(el("code", {}, n.ident)); }
    if (n.sections.length) {
      panel.appendChild(el("h4", {}, T.sources));
      var ul = el("ul");
      n.sections.forEach(function (s) { ul.appendChild(el("li", {}, "§" + s[0] + (s[1] ? " — " + s[1] : ""))); });
      panel.appendChild(ul);
    }
    if (n.quotes.length) {
      panel.appendChild(el("h4", {}, T.quotes));
      n.quotes.forEach(function (q) {
        panel.appendChild(el("blockquote", {}, "« " + q[0] + " »" + (q[1].length ? "  §" + q[1].join(", §") : "")));
      });
    }
    if (n.props.length) {
      panel.appendChild(el("h4", {}, T.properties));
      var table = el("table");
      n.props.forEach(function (p) {  // [name in the report's language, value]
        var tr = el("tr");
        tr.appendChild(el("th", {}, p[0]));
        tr.appendChild(el("td", {}, p[1]));
        table.appendChild(tr);
      });
      panel.appendChild(table);
    }
    var edges = node.connectedEdges();
    if (edges.length) {
      panel.appendChild(el("h4", {}, T.relations + " (" + edges.length + ")"));
      var list = el("ul");
      edges.forEach(function (e) {
        var out = e.source().id() === node.id();
        var li = el("li");
        li.appendChild(el("span", { "class": "rel" }, out ? e.data("name") + " →" : "← " + e.data("name")));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(link(out ? e.target() : e.source()));
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
    panel.appendChild(el("p", { "class": "muted" }, n.iri));
  }

  function highlight(node) {
    cy.elements().removeClass("faded near");
    var hood = node.closedNeighborhood();
    cy.elements().not(hood).addClass("faded");
    hood.edges().addClass("near");
  }
  function focus(node) {
    cy.elements().unselect();
    node.select();
    highlight(node);
    show(node);
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
  }

  cy.on("tap", "node", function (evt) { focus(evt.target); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) { cy.elements().removeClass("faded near hit"); panel.textContent = T.panel; }
  });

  var legend = document.getElementById("graph-legend");
  Object.keys(data.counts).sort(function (a, b) {
    return (T.types[a] || a).localeCompare(T.types[b] || b);
  }).forEach(function (type) {
    var b = el("button", { type: "button", title: type });
    b.appendChild(el("i", { style: "background:" + data.colours[type] }));
    b.appendChild(document.createTextNode((T.types[type] || type) + " (" + data.counts[type] + ")"));
    b.addEventListener("click", function () {
      var off = b.classList.toggle("off");
      var nodes = cy.nodes("[type = '" + type + "']");
      if (off) { nodes.addClass("off"); } else { nodes.removeClass("off"); }
    });
    legend.appendChild(b);
  });

  var search = document.getElementById("graph-search");
  search.addEventListener("input", function () {
    var text = search.value.trim().toLowerCase();
    cy.nodes().removeClass("hit");
    if (text.length < 2) { return; }
    var hits = cy.nodes().filter(function (node) {
      var n = info[node.id()];
      return n.label.toLowerCase().indexOf(text) >= 0 || n.ident.toLowerCase().indexOf(text) >= 0;
    });
    hits.addClass("hit");
    if (hits.length === 1) { focus(hits[0]); } else if (hits.length) { cy.animate({ fit: { eles: hits, padding: 60 } }, { duration: 300 }); }
  });
  document.getElementById("graph-fit").addEventListener("click", function () {
    cy.elements().removeClass("faded near hit");
    cy.fit(cy.elements(":visible"), 20);
  });

  Array.prototype.forEach.call(document.querySelectorAll("a.ref[data-node]"), function (a) {
    var id = byIdent[a.getAttribute("data-node")];
    if (!id) { return; }
    a.addEventListener("click", function () { setTimeout(function () { focus(cy.getElementById(id)); }, 350); });
  });

  if (data.start && cy.getElementById(data.start).length) {
    cy.getElementById(data.start).select();
    show(cy.getElementById(data.start));
  }
  window.graphmapGraph = { cy: cy, focus: function (ident) { if (byIdent[ident]) { focus(cy.getElementById(byIdent[ident])); } } };
  container.setAttribute("data-graph-ready", "1");
})();
