// A sendreflect chart widget's browser code (an anywidget module): plotly.js with only the
// polar chart the radars use, about a quarter of plotly's whole bundle and a tenth of its time
// to start in the browser. `make chart` builds it into sendreflect/static/chart.js.
import Plotly from "plotly.js/lib/core";
import scatterpolar from "plotly.js/lib/scatterpolar";

Plotly.register([scatterpolar]);

const CONFIG = { displaylogo: false };

/** Draw the widget's figure; plotly.js's react changes only what changed, in place. */
function draw(model, plot) {
  const { data = [], layout = {} } = model.get("spec") || {};
  plot.setAttribute("aria-label", model.get("label"));
  return Plotly.react(plot, data, layout, CONFIG);
}

export default {
  render({ model, el }) {
    const plot = document.createElement("div");
    plot.setAttribute("role", "figure");
    el.appendChild(plot);
    let drawn = draw(model, plot);
    const redraw = () => {
      drawn = drawn.then(
        () => draw(model, plot),
        () => draw(model, plot),
      );
    };
    model.on("change:spec", redraw);
    model.on("change:label", redraw);
    return () => {
      model.off("change:spec", redraw);
      model.off("change:label", redraw);
      Plotly.purge(plot);
    };
  },
};
