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
  var hidden = {};  // kinds hidden (the vocabulary at first)
  (data.hidden || []).forEach(function (k) { hidden[k] = true; });
  var LABEL_PX = 12;  // labels are drawn at this size on screen whatever the zoom

  var degree = {};
  data.edges.forEach(function (e) {
    degree[e.source] = (degree[e.source] || 0) + 1;
    degree[e.target] = (degree[e.target] || 0) + 1;
  });
  data.nodes.forEach(function (n) {
    info[n.id] = n;
    if (n.ident) { byIdent[n.ident] = n.id; }
    var small = n.kind === "vocabulary";
    var size = (small ? 10 : 16) + Math.min(26, 3 * Math.sqrt(degree[n.id] || 0));
    elements.push({ group: "nodes", classes: hidden[n.kind] ? "off" : "",
                    data: { id: n.id, label: n.label, type: n.type, kind: n.kind, size: size,
                            degree: degree[n.id] || 0, colour: data.colours[n.kind] || "#999" } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, rel: e.rel,
                                            name: (data.rels && data.rels[e.rel]) || e.rel } });
  });

  // Labels never overlap: a node's label is drawn only when it has the class "labelled", given by
  // placeLabels() below, greedily, to the chosen node, then its neighbours, then the most
  // connected nodes, each only if its label's box meets none already placed (boxes in graph
  // coordinates, the font size following the zoom so that a label keeps its size on screen).
  var cy = cytoscape({
    container: container,
    elements: elements,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "", "color": "#1f2933",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 160,
        "width": "data(size)", "height": "data(size)", "border-width": 1, "border-color": "#ffffff",
        "text-outline-color": "#ffffff", "text-outline-width": 2 } },
      { selector: "node.labelled", style: { "label": "data(label)" } },
      { selector: "node[kind = 'vocabulary']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: {
        "width": 1, "line-color": "#c3cad4", "curve-style": "haystack", "opacity": 0.8 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111827", "font-weight": "bold", "z-index": 10 } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: "node.near", style: { "border-width": 2, "border-color": "#111827" } },
      { selector: "edge.near", style: { "line-color": "#5f6b7a", "width": 2, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#5f6b7a", "arrow-scale": 0.7, "opacity": 1 } },
      { selector: ".hit", style: { "border-width": 4, "border-color": "#f59f00" } },
      { selector: ".off", style: { "display": "none" } }
    ]
  });
  cy.elements().not(".off").layout({ name: "cose", animate: false, randomize: true, fit: true, padding: 20,
              numIter: 1500, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 50; },
              nodeOverlap: 8, componentSpacing: 60, gravity: 0.6 }).run();
  placeHidden();
  container.setAttribute("data-graph-nodes", String(cy.nodes().length));
  container.setAttribute("data-graph-edges", String(cy.edges().length));

  // Nodes hidden at layout time (the vocabulary) sit beside their visible neighbours when shown.
  function placeHidden() {
    cy.nodes(".off").forEach(function (node, i) {
      var near = node.neighborhood("node").not(".off");
      var x = 0, y = 0;
      if (near.length) {
        near.forEach(function (m) { x += m.position("x"); y += m.position("y"); });
        x /= near.length; y /= near.length;
      } else {
        var box = cy.elements().not(".off").boundingBox();
        x = box.x2 + 40; y = box.y1 + 20 * i;
      }
      var angle = 2.399963 * i;  // spread around the spot, golden angle
      node.position({ x: x + 28 * Math.cos(angle), y: y + 28 * Math.sin(angle) });
    });
  }

  var chosen = null;
  function placeLabels() {
    var size = LABEL_PX / cy.zoom();
    cy.nodes().style({ "font-size": size, "text-max-width": 13 * size, "text-margin-y": size / 4 });
    cy.nodes().removeClass("labelled");
    var order = [];
    if (chosen && chosen.visible()) {
      order.push(chosen);
      chosen.neighborhood("node").filter(":visible").sort(function (a, b) { return b.data("degree") - a.data("degree"); })
        .forEach(function (n) { order.push(n); });
    }
    cy.nodes(":visible").sort(function (a, b) { return b.data("degree") - a.data("degree"); })
      .forEach(function (n) { if (!n.hasClass("faded")) { order.push(n); } });
    var boxes = [], seen = {};
    cy.batch(function () { order.forEach(function (n) { n.addClass("labelled"); }); });
    var kept = cy.collection();
    order.forEach(function (n) {
      if (seen[n.id()]) { return; }
      seen[n.id()] = true;
      var b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (!(b.w > 0)) { return; }
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) { return; }
      }
      boxes.push(b);
      kept = kept.union(n);
    });
    cy.batch(function () { cy.nodes().not(kept).removeClass("labelled"); });
    container.setAttribute("data-graph-labels", String(kept.length));
  }
  var pending = null;
  cy.on("zoom", function () {
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; placeLabels(); }, 120);
  });

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
    var swatch = el("span", { "class": "badge", style: "background:" + (data.colours[n.kind] || "#999") + ";color:#fff" }, T.types[n.type] || n.type);
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
    node.neighborhood("node").addClass("near");
  }
  function focus(node) {
    if (node.hasClass("off")) { setKind(node.data("kind"), false); }
    cy.elements().unselect();
    node.select();
    chosen = node;
    highlight(node);
    show(node);
    placeLabels();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300, complete: placeLabels });
  }
  function clear() {
    chosen = null;
    cy.elements().removeClass("faded near hit");
    placeLabels();
  }

  cy.on("tap", "node", function (evt) { focus(evt.target); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) { clear(); panel.textContent = T.panel; }
  });

  var legend = document.getElementById("graph-legend");
  var buttons = {};
  function setKind(kind, off) {
    hidden[kind] = off;
    if (buttons[kind]) { buttons[kind].classList.toggle("off", off); buttons[kind].setAttribute("aria-pressed", String(!off)); }
    var nodes = cy.nodes("[kind = '" + kind + "']");
    if (off) { nodes.addClass("off"); } else { nodes.removeClass("off"); }
    if (chosen) { highlight(chosen); }
    placeLabels();
  }
  (data.kinds || []).forEach(function (pair) {
    var kind = pair[0];
    var b = el("button", { type: "button", "data-kind": kind, "aria-pressed": String(!hidden[kind]) });
    b.appendChild(el("i", { style: "background:" + data.colours[kind] }));
    b.appendChild(document.createTextNode((T.kinds[kind] || kind) + " (" + pair[1] + ")"));
    if (hidden[kind]) { b.classList.add("off"); }
    b.addEventListener("click", function () { setKind(kind, !hidden[kind]); });
    buttons[kind] = b;
    legend.appendChild(b);
  });
  if ((data.hidden || []).length) { legend.appendChild(el("span", { "class": "muted" }, T.vocabulary)); }

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
    clear();
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
  placeLabels();
  window.graphmapGraph = { cy: cy, focus: function (ident) { if (byIdent[ident]) { focus(cy.getElementById(byIdent[ident])); } },
                           setKind: setKind, placeLabels: placeLabels };
  container.setAttribute("data-graph-ready", "1");
})();
