/* The DMA report's radar chart: Chart.js (vendored) draws the scores that the page gives in
   the json_script block #dma-chart-data; the same numbers are in the table #dma-scores. The
   words come from the page too (data-peers-label on the canvas), in the reader's language.
   No inline script or style: the Content-Security-Policy allows neither. */
(function () {
  "use strict";

  function lines(label, width) {
    var out = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) out.push(line);
    return out;
  }

  function draw() {
    var source = document.getElementById("dma-chart-data");
    var canvas = document.getElementById("dma-radar");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var datasets = [{
      label: data.label,
      data: data.scores,
      borderColor: "#0b5cad",
      backgroundColor: "rgba(11, 92, 173, 0.2)",
      pointBackgroundColor: "#0b5cad",
      borderWidth: 2
    }];
    if (data.peers) {
      datasets.push({
        label: canvas.dataset.peersLabel || "",
        data: data.peers,
        borderColor: "#b35900",
        backgroundColor: "rgba(0, 0, 0, 0)",
        pointBackgroundColor: "#b35900",
        borderDash: [6, 4],
        borderWidth: 2
      });
    }
    var chart = new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels.map(function (l) { return lines(l, 18); }),
        datasets: datasets
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 1.1,
        scales: {
          r: {
            min: 0,
            max: 100,
            ticks: { stepSize: 25, backdropColor: "rgba(255, 255, 255, 0.85)" },
            pointLabels: { font: { size: 12 }, color: "#1b2733" }
          }
        },
        plugins: { legend: { display: Boolean(data.peers) } }
      }
    });
    canvas.dataset.drawn = chart ? "true" : "false";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
