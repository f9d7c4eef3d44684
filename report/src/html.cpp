// The report as one self-contained HTML page.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "kaiten/report/report.hpp"

namespace kaiten::report {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// A cell that is a figure (right-aligned): digits, a sign, a point, a space, "%" or "¥" only.
bool is_figure(std::string_view cell) {
  bool digit = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (cell.substr(i, 2) == "\xC2\xA5") {  // ¥ in UTF-8
      ++i;
    } else if (c != '-' && c != '.' && c != ' ' && c != '%') {
      return false;
    }
  }
  return digit;
}

// Styles: readable on screen and in print, two charts a row on a wide screen.
constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:0;padding:16px 24px;color:#1d1f24;background:#f5f6f8}
h1{font-size:22px;margin:4px 0}
h2{font-size:17px;margin:18px 0 6px}
.sub{color:#555;margin:0 0 12px;font-size:13px}
table{border-collapse:collapse;background:#fff;font-size:13px;margin-bottom:4px}
th,td{border:1px solid #d9dbe0;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}
th{background:#eceef2}
.caption{color:#555;font-size:12px;margin:2px 0 12px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:16px}
body.single .charts{grid-template-columns:1fr;width:1000px}
figure{margin:0;background:#fff;border:1px solid #d9dbe0;border-radius:4px;padding:8px}
.box{position:relative;height:340px}
figcaption{color:#444;font-size:12px;margin-top:6px}
.notes{font-size:12px;color:#555}
footer{font-size:11px;color:#777;margin-top:20px}
pre.png{display:none}
)css";

// The page's own script: draws every chart from the inline JSON, counts the charts that drew
// marks (data-charts-drawn), records errors (data-errors), and with #png exposes each chart as a
// PNG data: URL. Conventions of the configurations: see Chart in report.hpp.
constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var started = performance.now();
  var body = document.body;
  var errors = 0;
  function fail(message) {
    errors += 1;
    body.setAttribute('data-errors', String(errors));
    body.setAttribute('data-last-error', String(message));
  }
  window.addEventListener('error', function (e) { fail(e.message); });
  var consoleError = console.error;
  console.error = function () {
    fail(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
  var png = location.hash === '#png';
  if (png) body.classList.add('single');
  var specs = JSON.parse(document.getElementById('kaiten-data').textContent);
  function clock(v) {
    var m = Math.round(v);
    var h = Math.floor(m / 60), mm = ((m % 60) + 60) % 60;
    return (h < 10 ? '0' : '') + h + ':' + (mm < 10 ? '0' : '') + mm;
  }
  var white = {
    id: 'kaitenWhite',
    beforeDraw: function (c) {
      var x = c.ctx;
      x.save();
      x.globalCompositeOperation = 'destination-over';
      x.fillStyle = '#ffffff';
      x.fillRect(0, 0, c.width, c.height);
      x.restore();
    }
  };
  var errorBars = {
    id: 'kaitenErrorBars',
    afterDatasetsDraw: function (c) {
      var x = c.ctx;
      c.data.datasets.forEach(function (d, i) {
        if (!d.kaitenErrorBars || !c.isDatasetVisible(i)) return;
        var meta = c.getDatasetMeta(i);
        var sx = c.scales[meta.xAxisID], sy = c.scales[meta.yAxisID];
        x.save();
        var area = c.chartArea;
        x.beginPath();
        x.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
        x.clip();
        x.strokeStyle = d.borderColor || '#333';
        x.lineWidth = 1.2;
        meta.data.forEach(function (el, k) {
          var p = d.data[k];
          if (!p || typeof p !== 'object') return;
          x.beginPath();
          if (p.yLow !== undefined && p.yHigh !== undefined) {
            var y0 = sy.getPixelForValue(p.yLow), y1 = sy.getPixelForValue(p.yHigh);
            x.moveTo(el.x, y0); x.lineTo(el.x, y1);
            x.moveTo(el.x - 4, y0); x.lineTo(el.x + 4, y0);
            x.moveTo(el.x - 4, y1); x.lineTo(el.x + 4, y1);
          }
          if (p.xLow !== undefined && p.xHigh !== undefined) {
            var x0 = sx.getPixelForValue(p.xLow), x1 = sx.getPixelForValue(p.xHigh);
            x.moveTo(x0, el.y); x.lineTo(x1, el.y);
            x.moveTo(x0, el.y - 4); x.lineTo(x0, el.y + 4);
            x.moveTo(x1, el.y - 4); x.lineTo(x1, el.y + 4);
          }
          x.stroke();
        });
        x.restore();
      });
    }
  };
  var drawn = {};
  var count = 0;
  var marks = {
    id: 'kaitenMarks',
    afterRender: function (c) {
      if (drawn[c.canvas.id]) return;
      var n = 0;
      c.data.datasets.forEach(function (d, i) {
        if (c.isDatasetVisible(i)) n += c.getDatasetMeta(i).data.length;
      });
      if (n > 0) {
        drawn[c.canvas.id] = true;
        count += 1;
        body.setAttribute('data-charts-drawn', String(count));
      }
    }
  };
  Chart.defaults.animation = false;
  Chart.defaults.font.family = '"DejaVu Sans", Verdana, sans-serif';
  Chart.defaults.plugins.legend.labels.filter = function (item, data) {
    return !data.datasets[item.datasetIndex].kaitenBand;
  };
  var charts = [];
  specs.forEach(function (spec) {
    try {
      var cfg = spec.config;
      var scales = (cfg.options && cfg.options.scales) || {};
      var clockX = false;
      Object.keys(scales).forEach(function (k) {
        if (scales[k].kaitenClock) {
          scales[k].ticks = Object.assign({}, scales[k].ticks, { callback: clock });
          if (k === 'x') clockX = true;
        }
      });
      var plugins = cfg.options.plugins = cfg.options.plugins || {};
      var tooltip = plugins.tooltip = plugins.tooltip || {};
      tooltip.callbacks = tooltip.callbacks || {};
      tooltip.filter = function (item) { return !item.dataset.kaitenBand; };
      if (clockX) tooltip.callbacks.title = function (items) {
        return items.length ? clock(items[0].parsed.x) : '';
      };
      tooltip.callbacks.afterLabel = function (item) {
        var p = item.raw;
        if (!p || typeof p !== 'object') return '';
        var lines = [];
        if (p.label) lines.push(p.label);
        if (p.yLow !== undefined) lines.push('95% interval of y: ' + p.yLow + ' to ' + p.yHigh);
        if (p.xLow !== undefined) lines.push('95% interval of x: ' + p.xLow + ' to ' + p.xHigh);
        return lines;
      };
      cfg.plugins = [white, errorBars, marks];
      var canvas = document.getElementById('c-' + spec.id);
      charts.push({ id: spec.id, chart: new Chart(canvas, cfg) });
    } catch (e) {
      fail('chart ' + spec.id + ': ' + e);
    }
  });
  body.setAttribute('data-charts-total', String(specs.length));
  body.setAttribute('data-draw-ms', String(Math.round(performance.now() - started)));
  if (png) {
    charts.forEach(function (c) {
      var pre = document.createElement('pre');
      pre.id = 'png-' + c.id;
      pre.className = 'png';
      pre.textContent = c.chart.toBase64Image('image/png', 1);
      body.appendChild(pre);
    });
  }
})();
)js";

}  // namespace

std::string script_safe_json(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string chartjs_version() {
  const std::string_view js = chartjs_source();
  const std::string_view tag = "Chart.js v";
  const std::size_t at = js.substr(0, 512).find(tag);
  if (at == std::string_view::npos) return "";
  std::size_t end = at + tag.size();
  while (end < js.size() && (std::isdigit(static_cast<unsigned char>(js[end])) || js[end] == '.'))
    ++end;
  return std::string(js.substr(at + tag.size(), end - at - tag.size()));
}

std::string render_html(const Report& report) {
  nlohmann::json specs = nlohmann::json::array();
  for (const Chart& c : report.charts) {
    nlohmann::json config = nlohmann::json::parse(c.config_json, nullptr, false);
    if (config.is_discarded())
      throw std::logic_error(fmt::format("chart {}: configuration is not JSON", c.id));
    specs.push_back({{"id", c.id}, {"config", std::move(config)}});
  }
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"kaiten report\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n", escape_html(report.title),
                     kStyle);
  out += fmt::format("<body data-report=\"{}\" data-charts-drawn=\"0\" data-charts-total=\"{}\">\n",
                     escape_html(report.kind), report.charts.size());
  out += fmt::format("<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n",
                     escape_html(report.title), escape_html(report.subtitle));
  for (const Table& t : report.tables) {
    out += fmt::format("<section class=\"table\"><h2>{}</h2>\n<table>\n<tr>", escape_html(t.title));
    for (const std::string& h : t.header) out += fmt::format("<th>{}</th>", escape_html(h));
    out += "</tr>\n";
    for (const auto& row : t.rows) {
      out += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        const bool numeric = !row[i].empty() && is_figure(row[i]);
        out += fmt::format("<td{}>{}</td>", numeric && i > 0 ? " class=\"num\"" : "",
                           escape_html(row[i]));
      }
      out += "</tr>\n";
    }
    out += fmt::format("</table>\n<p class=\"caption\">{}</p></section>\n", escape_html(t.caption));
  }
  out +=
      "<h2>Charts</h2>\n<p class=\"caption\">Hover a bar, line or point for its values; click "
      "a legend entry to hide or show that series.</p>\n<section class=\"charts\">\n";
  for (const Chart& c : report.charts) {
    out += fmt::format(
        "<figure id=\"fig-{0}\"><div class=\"box\"><canvas id=\"c-{0}\" role=\"img\" "
        "aria-label=\"{1}\"></canvas></div><figcaption>{2}</figcaption></figure>\n",
        escape_html(c.id), escape_html(c.title), escape_html(c.caption));
  }
  out += "</section>\n";
  if (!report.notes.empty()) {
    out += "<section class=\"notes\"><h2>Notes</h2><ul>\n";
    for (const std::string& n : report.notes) out += fmt::format("<li>{}</li>\n", escape_html(n));
    out += "</ul></section>\n";
  }
  out += fmt::format(
      "<footer>Made by {} from kaiten's output files (docs/reports.md). Charts drawn by Chart.js "
      "{} (MIT licence), included in this file: it opens offline.</footer>\n",
      "kaiten report", escape_html(chartjs_version()));
  out += "<script id=\"kaiten-data\" type=\"application/json\">";
  out += script_safe_json(specs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out += "</script>\n<script>\n";
  std::string js(chartjs_source());
  for (std::size_t at = 0; (at = js.find("</", at)) != std::string::npos; at += 3)
    js.replace(at, 2, "<\\/");
  out += js;
  out += "\n</script>\n<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

std::string decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else if (c == '=')
      break;
    else if (c == '\n' || c == '\r' || c == ' ')
      continue;
    if (v < 0)
      throw ReportError(fmt::format("base64: unexpected character (code {})",
                                    static_cast<int>(static_cast<unsigned char>(c))));
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace kaiten::report
