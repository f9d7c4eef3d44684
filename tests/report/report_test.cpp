// The HTML reports (kaiten/report/report.hpp): reading run and sweep folders into charts, the
// page's safety and self-containment, and the errors a bad folder gives.
#include "kaiten/report/report.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "../../report/src/charts.hpp"
#include "../../report/src/csv.hpp"
#include "../../report/src/report_internal.hpp"
#include "kaiten/core/palette.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/sim/day_measures.hpp"

namespace kaiten::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

/// A fresh temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ =
        fs::temp_directory_path() /
        ("kaiten_report_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

json distribution(double mean, double p50, double p95) {
  return {{"mean", mean}, {"p50", p50}, {"p95", p95}, {"n", 3}};
}

/// A small run folder with every file the run report reads, in `kaiten run --out`'s formats.
void write_run_folder(const TempDir& dir) {
  json summary = {
      {"scenario", "fixture"},
      {"seed", 7},
      {"overrides", json::array({"belt.speed_mm_s=60"})},
      {"hours", {{"open", "11:00"}, {"close", "13:00"}}},
      {"plates", {{"made", 30}, {"eaten", 24}, {"discarded", 4}, {"on_belt_at_close", 2}}},
      {"waste_rate", 0.2},
      {"discard_rate", 4.0 / 30},
      {"money",
       {{"revenue_yen", 3000},
        {"cost_of_goods_yen", 1500},
        {"waste_cost_yen", 300},
        {"gross_margin_yen", 1500}}},
      {"freshness_violations", 0},
      {"max_travel_eaten_m", 120.5},
      {"customers",
       {{"parties",
         {{"arrived", 4}, {"seated", 3}, {"balked", 1}, {"reneged", 0}, {"unserved_at_close", 0}}},
        {"customers", 6},
        {"wait_for_table_min", distribution(2, 1, 5)},
        {"time_to_first_plate_min", distribution(1, 1, 2)},
        {"time_seated_min", distribution(40, 41, 55)},
        {"plates_per_person", 4.0},
        {"found_on_belt_share", 0.75},
        {"panel_orders", 3},
        {"panel_lead_time_min", distribution(6, 5, 9)},
        {"order_queue_min", distribution(1, 1, 2)},
        {"order_cook_min", distribution(2, 2, 2)},
        {"order_delivery_min", distribution(3, 2, 5)},
        {"failed_wishes", 0}}}};
  dir.write("summary.json", summary.dump(2));
  dir.write("items.csv",
            "item,name,price_yen,cost_yen,made,eaten,discarded,on_belt_at_close,waste_rate,"
            "revenue_yen,cost_of_goods_yen,waste_cost_yen,gross_margin_yen,mean_travel_eaten_m\n"
            "maguro,Maguro,120,60,20,16,3,1,0.2000,1920,1200,240,720,50.0\n"
            "ebi,\"Ebi, boiled\",180,90,10,8,1,1,0.2000,1440,900,180,540,40.0\n");
  dir.write("hours.csv",
            "hour,made,eaten,discarded,on_belt_at_close,reads,revenue_yen,cost_of_goods_yen,"
            "waste_cost_yen,gross_margin_yen,cooked,cooked_orders,cooks,kitchen_busy,"
            "capacity_plates\n"
            "11,18,14,3,0,100,1800,900,180,900,18,2,2.00,0.5,60\n"
            "12,12,10,1,2,80,1200,600,120,600,12,1,2.00,0.4,60\n");
  dir.write("lanes.csv",
            "lane,kind,made,eaten,discarded,on_belt_at_close,waste_rate,reads,parties_seated,"
            "people_minutes_seated,revenue_yen,cost_of_goods_yen,waste_cost_yen,gross_margin_yen\n"
            "A,loop,27,21,4,2,0.2222,170,3,240,2700,1300,300,1400\n"
            "X,express,3,3,0,0,0.0000,10,0,0,300,200,0,100\n");
  dir.write("timeline.csv",
            "time,odometer_um,seated_parties,seated_people,made,on_belt,sold,discarded,produced,"
            "readers_down,forecast_1,actual_1,last_window_1,seated_rate_1,forecast_15,actual_15,"
            "last_window_15,seated_rate_15,sold_last_1,sold_last_15\n"
            "11:00:00,0,0,0,0,0,0,0,0,0,0.0000,0,0,0,0.0000,3,0,0,0,0\n"
            "11:01:00,1000,1,2,3,3,0,0,3,0,0.5000,1,0,0,6.2500,7,0,0,0,0\n"
            "12:59:00,9000,2,4,30,2,24,4,30,0,0.2500,0,0,0,1.5000,0,0,0,0,0\n");
  dir.write("top_sellers.csv",
            "time,scope,rank_by,rank,item,plates,revenue_yen\n"
            "11:01:00,day,plates,1,ebi,2,360\n"
            "11:01:00,day,plates,2,maguro,1,120\n"
            "11:01:00,window,plates,1,ebi,2,360\n"
            "12:59:00,day,plates,1,maguro,16,1920\n"
            "12:59:00,day,plates,2,ebi,8,1440\n");
  dir.write("parties.csv",
            "party,size,children,fate,table,arrived,seated,first_plate,left,at_close,wait_min,"
            "time_seated_min,appetite,plates,found_on_belt,ordered_eaten,panel_orders,"
            "failed_wishes,spend_yen\n"
            "1,2,0,left,0,11:00:00,11:00:00,11:02:00,11:40:00,0,0.00,40.00,1,8,7,1,1,0,1000\n"
            "2,2,1,left,1,11:05:00,11:10:00,11:11:00,12:05:00,0,5.00,55.00,1,8,6,2,2,0,1000\n"
            "3,2,0,left,0,11:50:00,11:51:00,11:52:00,12:20:00,0,1.00,29.00,1,8,5,0,0,0,1000\n"
            "4,3,0,balked,,11:20:00,,,,0,,,1,0,0,0,0,0,0\n");
  dir.write("plates.csv",
            "tag,item,lane,made,ended,fate,travelled_mm\n"
            "1.0,maguro,A,11:00:00,11:03:30,eaten,16000\n"
            "2.0,maguro,A,11:00:10,12:10:10,discarded,350000\n"
            "3.0,ebi,A,11:01:00,13:00:00,on_belt_at_close,100000\n"
            "4.0,ebi,X,11:05:00,11:12:00,eaten,5000\n");
  dir.write("orders.csv",
            "party,item,lane,express,ordered,started,cooked,eaten,lead_min,queue_min,cook_min,"
            "delivery_min\n"
            "1,maguro,A,0,11:10:00,11:11:00,11:13:00,11:16:00,6.00,1.00,2.00,3.00\n"
            "2,ebi,X,1,11:20:00,11:21:00,11:23:00,11:25:00,5.00,1.00,2.00,2.00\n"
            "2,ebi,A,0,11:30:00,11:32:00,11:34:00,11:39:00,9.00,2.00,2.00,5.00\n");
}

const Chart& chart(const Report& r, std::string_view id) {
  for (const Chart& c : r.charts)
    if (c.id == id) return c;
  throw std::runtime_error("no chart " + std::string(id));
}

json config(const Report& r, std::string_view id) {
  return json::parse(chart(r, id).config_json);
}

TEST(ScriptSafeJson, NothingCanEndTheScriptElementAndTheValueIsUnchanged) {
  const json value = {{"title", "</script><script>alert(1)</script>"},
                      {"comment", "<!-- x --> & \xE2\x80\xA8 line"}};
  const std::string safe = script_safe_json(value.dump());
  EXPECT_EQ(safe.find('<'), std::string::npos) << safe;
  EXPECT_EQ(safe.find('>'), std::string::npos) << safe;
  EXPECT_EQ(safe.find('&'), std::string::npos) << safe;
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos) << safe;
  EXPECT_EQ(json::parse(safe), value);
}

TEST(RenderHtml, OneSelfContainedPageWithChartJsInline) {
  Report r;
  r.kind = "run";
  r.title = "Title <b>";
  Chart c;
  c.id = "one";
  c.title = "</script> in a title";
  c.caption = "caption";
  c.config_json = R"({"type":"bar","data":{"labels":["</script>"],"datasets":[]},"options":{}})";
  r.charts.push_back(c);
  const std::string html = render_html(r);
  // Three script elements (data, Chart.js, the page's own), each closed once: no user text
  // closes one early.
  EXPECT_EQ(count(html, "</script>"), 3u);
  EXPECT_EQ(count(html, "<script"), 3u);
  EXPECT_NE(html.find("Title &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("Chart.js v3"), std::string::npos);  // the library is inline
  EXPECT_GT(html.size(), chartjs_source().size());
  // Nothing is fetched: no src= or href= to load, no stylesheet link.
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_NE(html.find("data-charts-total=\"1\""), std::string::npos);
  EXPECT_NE(html.find("id=\"c-one\""), std::string::npos);
  EXPECT_EQ(chartjs_version(), "3.9.1");
}

TEST(Csv, QuotesCrLfAndClockTimes) {
  const auto rows = parse_csv("t.csv", "a,b\r\n\"x, \"\"y\"\"\",2\r\n,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x, \"y\"");
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", ""}));
  EXPECT_THROW(parse_csv("t.csv", "a\n\"open"), ReportError);
  double m = 0;
  ASSERT_TRUE(parse_clock_min("11:30:30", m));
  EXPECT_DOUBLE_EQ(m, 690.5);
  ASSERT_TRUE(parse_clock_min("01:00:00.600", m));
  EXPECT_DOUBLE_EQ(m, 60.01);
  EXPECT_FALSE(parse_clock_min("11:75:00", m));
  EXPECT_FALSE(parse_clock_min("noon", m));
  const CsvTable t("t.csv", "a,b\n1,x\n");
  EXPECT_EQ(t.column("b"), 1u);
  try {
    (void)t.column("c");
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_STREQ(e.what(), "t.csv: no column `c`");
  }
  try {
    (void)t.number(0, 1);
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_STREQ(e.what(), "t.csv: row 1, column `b`: not a number: \"x\"");
  }
  EXPECT_THROW(CsvTable("u.csv", "a,b\n1\n"), ReportError);
}

TEST(Histogram, RoundBinsThatCountEveryValue) {
  EXPECT_EQ(nice_step(0.3), 0.5);
  EXPECT_EQ(nice_step(3), 5);
  EXPECT_EQ(nice_step(12), 20);
  const Histogram h = histogram({0, 0, 1.5, 9.9, 10, 39}, 20);
  EXPECT_EQ(h.width, 2);
  ASSERT_EQ(h.labels.size(), 20u);
  EXPECT_EQ(h.labels.front(), "0–2");
  EXPECT_EQ(h.counts[0], 3);  // 0, 0, 1.5
  EXPECT_EQ(h.counts[4], 1);  // 9.9
  EXPECT_EQ(h.counts[5], 1);  // 10
  EXPECT_EQ(h.counts[19], 1);
}

TEST(Base64, DecodesAndRejectsStrangers) {
  EXPECT_EQ(decode_base64("aGVsbG8="), "hello");
  EXPECT_EQ(decode_base64("aGVs\nbG8h"), "hello!");
  EXPECT_EQ(decode_base64("iVBORw0KGgo=").substr(1, 3), "PNG");
  EXPECT_THROW(decode_base64("a*b"), ReportError);
}

TEST(FolderKind, NamesWhatIsWrong) {
  TempDir dir;
  const auto message = [](const fs::path& p) {
    try {
      (void)load_report(p);
    } catch (const ReportError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(dir.path() / "missing"),
            (dir.path() / "missing").string() + ": no such folder");
  EXPECT_NE(message(dir.path()).find("not a run, sweep, compare or backtest folder"),
            std::string::npos);
  dir.write("file.txt", "x");
  EXPECT_NE(message(dir.path() / "file.txt").find("not a folder"), std::string::npos);
  dir.write("summary.json", "{}");
  EXPECT_EQ(folder_kind(dir.path()), "run");
  EXPECT_EQ(message(dir.path()), (dir.path() / "summary.json").string() + ": no field `scenario`");
}

TEST(RunReport, ChartsCarryTheFolderFigures) {
  TempDir dir;
  write_run_folder(dir);
  const Report r = load_report(dir.path());
  EXPECT_EQ(r.kind, "run");
  EXPECT_EQ(r.title, "kaiten day report: fixture");
  EXPECT_NE(r.subtitle.find("belt.speed_mm_s=60"), std::string::npos);
  EXPECT_EQ(r.charts.size(), 15u);
  for (const Chart& c : r.charts) {
    EXPECT_FALSE(c.caption.empty()) << c.id;
    const json cfg = json::parse(c.config_json);
    EXPECT_EQ(cfg["options"]["plugins"]["title"]["text"], c.title) << c.id;
    for (auto& [name, scale] : cfg["options"]["scales"].items())
      EXPECT_FALSE(scale["title"]["text"].get<std::string>().empty()) << c.id << " " << name;
  }
  // Per hour: made and thrown away (discarded + left at closing) as in hours.csv.
  const json hour = config(r, "plates_by_hour");
  EXPECT_EQ(hour["data"]["labels"], json({"11:00", "12:00"}));
  EXPECT_EQ(hour["data"]["datasets"][0]["data"], json({18, 12}));
  EXPECT_EQ(hour["data"]["datasets"][2]["data"], json({3, 3}));
  const json lane = config(r, "plates_by_lane");
  EXPECT_EQ(lane["data"]["labels"], json({"A (loop)", "X (express)"}));
  // Items in the viewer's colours, by menu index; a quoted name with a comma survives.
  const json item = config(r, "plates_by_item");
  EXPECT_EQ(item["data"]["labels"], json({"Maguro", "Ebi, boiled"}));
  EXPECT_EQ(item["data"]["datasets"][0]["backgroundColor"][1], css(item_colour(1)));
  const json top = config(r, "top_sellers");
  ASSERT_EQ(top["data"]["datasets"].size(), 2u);
  for (const json& d : top["data"]["datasets"]) {
    const bool ebi = d["label"] == "Ebi, boiled";
    EXPECT_EQ(d["borderColor"], css(item_colour(ebi ? 1 : 0)));
    // Only the day-by-plates list: ebi at 11:01 with 2 plates, then 8.
    if (ebi) {
      EXPECT_EQ(d["data"], json::parse(R"([{"x":661.0,"y":2.0},{"x":779.0,"y":8.0}])"));
    }
  }
  const json f15 = config(r, "forecast_15");
  EXPECT_EQ(f15["data"]["datasets"][0]["data"][1], json::parse(R"({"x":661.0,"y":6.25})"));
  EXPECT_EQ(f15["options"]["scales"]["x"]["kaitenClock"], true);
  // Waits over the 3 seated parties only; plate ages of eaten (3.5 and 7 min) and discarded
  // (70 min) plates, never the one left at closing.
  const json wait = config(r, "wait_distribution");
  double seated = 0;
  for (const json& v : wait["data"]["datasets"][0]["data"]) seated += v.get<double>();
  EXPECT_EQ(seated, 3);
  const json age = config(r, "plate_age");
  double eaten = 0, discarded = 0;
  for (const json& v : age["data"]["datasets"][0]["data"]) eaten += v.get<double>();
  for (const json& v : age["data"]["datasets"][1]["data"]) discarded += v.get<double>();
  EXPECT_EQ(eaten, 2);
  EXPECT_EQ(discarded, 1);
  // The queue: party 2 waited 11:05-11:10 (2 people), party 3 11:50-11:51.
  const json queue = config(r, "queue");
  for (const json& p : queue["data"]["datasets"][1]["data"]) {
    const double m = p["x"].get<double>();
    const double expected = (m >= 665 && m < 670) ? 2 : (m == 710 ? 2 : 0);
    EXPECT_EQ(p["y"].get<double>(), expected) << m;
  }
  EXPECT_EQ(queue["data"]["datasets"][1]["data"].size(), 121u);  // 11:00 to 13:00
  const json lead = config(r, "order_lead_time");
  EXPECT_EQ(lead["data"]["datasets"][2]["data"], json({9, 2, 2, 5}));
  // Every order: one by the express lane, two on the loop.
  const json orders = config(r, "order_lead_distribution");
  double express = 0, loop = 0;
  for (const json& v : orders["data"]["datasets"][0]["data"]) express += v.get<double>();
  for (const json& v : orders["data"]["datasets"][1]["data"]) loop += v.get<double>();
  EXPECT_EQ(express, 1);
  EXPECT_EQ(loop, 2);
  // The headline table: fractions as per cent, with the definitions.
  ASSERT_FALSE(r.tables.empty());
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& row : r.tables[0].rows) rows[row[0]] = row;
  EXPECT_EQ(rows["waste_rate"][1], "20.0 %");
  EXPECT_EQ(rows["found_on_belt"][1], "75.0 %");
  EXPECT_EQ(rows["gross_margin_yen"][1], "¥1500");
  EXPECT_EQ(rows["wait_p95_min"][1], "5");
  // The page is one file with every chart.
  const std::string html = render_html(r);
  EXPECT_EQ(count(html, "<canvas"), 15u);
}

TEST(RunReport, AFolderWithoutOrdersSaysWhyItHasNoLeadTimeHistogram) {
  TempDir dir;
  write_run_folder(dir);
  fs::remove(dir.path() / "orders.csv");
  const Report r = run_report(dir.path());
  for (const Chart& c : r.charts) EXPECT_NE(c.id, "order_lead_distribution");
  bool noted = false;
  for (const std::string& note : r.notes) noted |= note.find("orders.csv") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(RunReport, HeadlineDefinitionsAreTheMeasuresOwn) {
  for (const HeadlineMeasure& m : headline_measures()) {
    const auto measure = find_day_measure(m.name);
    ASSERT_TRUE(measure.has_value()) << m.name;
    EXPECT_EQ(m.definition, measure->definition) << m.name;
    EXPECT_EQ(m.unit, measure->unit) << m.name;
  }
}

TEST(RunReport, AMissingFileOrColumnIsNamed) {
  TempDir dir;
  write_run_folder(dir);
  fs::remove(dir.path() / "timeline.csv");
  try {
    (void)run_report(dir.path());
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir.path() / "timeline.csv").string() + ": missing (kaiten run --out writes it)");
  }
  write_run_folder(dir);
  dir.write("hours.csv", "hour,made\n11,3\n");
  try {
    (void)run_report(dir.path());
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()), (dir.path() / "hours.csv").string() + ": no column `eaten`");
  }
  write_run_folder(dir);
  dir.write("summary.json", "[1,2");
  EXPECT_THROW((void)run_report(dir.path()), ReportError);
}

void write_sweep_folder(const TempDir& dir) {
  json sweep = {
      {"scenario", "scenarios/default.yaml"},
      {"scenario_name", "default"},
      {"overrides", json::array()},
      {"vary", json::array({{{"path", "discard.discard_distance_m"},
                             {"values", json::array({"150", "300"})}}})},
      {"points", 2},
      {"replications", 3},
      {"seeds", json::array({1, 3})},
      {"measures",
       json::array(
           {{{"name", "waste_rate"},
             {"unit", "%"},
             {"definition", "plates thrown away / plates made"}},
            {{"name", "found_on_belt"}, {"unit", "%"}, {"definition", "wanted plates found"}},
            {{"name", "lane.A.waste_rate"}, {"unit", "%"}, {"definition", "per lane"}}})}};
  dir.write("sweep.json", sweep.dump(2));
  dir.write("means.csv",
            "discard.discard_distance_m,replications,waste_rate.mean,waste_rate.low95,"
            "waste_rate.high95,found_on_belt.mean,found_on_belt.low95,found_on_belt.high95,"
            "lane.A.waste_rate.mean,lane.A.waste_rate.low95,lane.A.waste_rate.high95\n"
            "150,3,0.1,0.08,0.12,0.6,0.55,0.65,0.1,0.08,0.12\n"
            "300,3,0.05,0.04,0.06,0.7,0.66,0.74,0.05,0.04,0.06\n");
}

TEST(SweepReport, EachMeasureWithItsIntervalAndTheTradeOff) {
  TempDir dir;
  write_sweep_folder(dir);
  EXPECT_EQ(folder_kind(dir.path()), "sweep");
  const Report r = load_report(dir.path());
  EXPECT_EQ(r.kind, "sweep");
  // Day measures only (the per-lane one stays in means.csv), then one trade-off chart.
  ASSERT_EQ(r.charts.size(), 3u);
  const json waste = config(r, "measure_waste_rate");
  EXPECT_EQ(waste["data"]["labels"], json({"150", "300"}));
  EXPECT_EQ(waste["data"]["datasets"][0]["data"], json({0.08, 0.04}));
  EXPECT_EQ(waste["data"]["datasets"][1]["data"], json({0.12, 0.06}));
  EXPECT_EQ(waste["data"]["datasets"][1]["fill"], "-1");
  EXPECT_EQ(waste["data"]["datasets"][2]["data"], json({0.1, 0.05}));
  EXPECT_EQ(waste["options"]["scales"]["x"]["title"]["text"], "discard.discard_distance_m");
  const json trade = config(r, "tradeoff_found_on_belt_waste_rate");
  const json p = trade["data"]["datasets"][0]["data"][1];
  EXPECT_EQ(p["x"], 0.05);
  EXPECT_EQ(p["yLow"], 0.66);
  EXPECT_EQ(p["label"], "discard.discard_distance_m = 300");
  EXPECT_EQ(trade["data"]["datasets"][0]["kaitenErrorBars"], true);
  // The margin is not in this sweep: said so in the notes rather than drawn empty.
  bool noted = false;
  for (const std::string& n : r.notes) noted |= n.find("gross_margin_yen") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(SweepReport, AMissingMeansFileIsNamed) {
  TempDir dir;
  write_sweep_folder(dir);
  fs::remove(dir.path() / "means.csv");
  try {
    (void)load_report(dir.path());
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir.path() / "means.csv").string() + ": missing (kaiten sweep --out writes it)");
  }
}

void write_compare_folder(const TempDir& dir) {
  const json compare = {
      {"scenario", "scenarios/default.yaml"},
      {"scenario_name", "default"},
      {"overrides", json::array()},
      {"baseline", "manager"},
      {"policies", json::array({{{"name", "manager"}, {"definition", "by the clock"}},
                                {{"name", "predictive"}, {"definition", "by the forecast"}}})},
      {"replications", 4},
      {"seeds", json::array({1, 4})},
      {"measures", json::array({{{"name", "waste_rate"},
                                 {"unit", "%"},
                                 {"definition", "plates thrown away / plates made"},
                                 {"better", "lower"}},
                                {{"name", "found_on_belt"},
                                 {"unit", "%"},
                                 {"definition", "wanted plates found"},
                                 {"better", "higher"}},
                                {{"name", "failed_wishes"},
                                 {"unit", "wishes"},
                                 {"definition", "wishes for a sold-out item"},
                                 {"better", "lower"}}})}};
  dir.write("compare.json", compare.dump(2));
  const std::string header =
      "waste_rate.mean,waste_rate.low95,waste_rate.high95,found_on_belt.mean,"
      "found_on_belt.low95,found_on_belt.high95,failed_wishes.mean,failed_wishes.low95,"
      "failed_wishes.high95\n";
  dir.write("means.csv", "policy,replications," + header +
                             "manager,4,10,8,12,70,65,75,0,0,0\n"
                             "predictive,4,8,7,9,71,66,76,0,0,0\n");
  // Waste 2 points lower (interval below zero: better); found +1 with an interval across zero.
  dir.write("differences.csv", "policy,baseline,replications," + header +
                                   "predictive,manager,4,-2,-3,-1,1,-0.5,2.5,0,0,0\n");
}

TEST(CompareReport, DifferencesAsShareOfTheBaselineWithVerdicts) {
  TempDir dir;
  write_compare_folder(dir);
  EXPECT_EQ(folder_kind(dir.path()), "compare");
  const Report r = load_report(dir.path());
  EXPECT_EQ(r.kind, "compare");
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].rows[0][1], "baseline");
  const Table& paired = r.tables[1];
  ASSERT_EQ(paired.rows.size(), 3u);
  EXPECT_EQ(paired.rows[0][4], "better");               // lower waste, interval below 0
  EXPECT_EQ(paired.rows[1][4], "no clear difference");  // found: -0.5..2.5 holds 0
  // One difference chart, a bar chart per measure, the trade-off.
  ASSERT_EQ(r.charts.size(), 5u);
  const json diff = config(r, "difference_predictive");
  // -2 points of the baseline's 10 % is -20 % (interval -30..-10), drawn as "better" (green).
  const json better = diff["data"]["datasets"][0];
  EXPECT_EQ(better["label"], "better");
  ASSERT_EQ(better["data"].size(), 1u);
  EXPECT_EQ(better["data"][0]["y"], "waste_rate");
  EXPECT_DOUBLE_EQ(better["data"][0]["x"].get<double>(), -20);
  EXPECT_DOUBLE_EQ(better["data"][0]["xLow"].get<double>(), -30);
  EXPECT_DOUBLE_EQ(better["data"][0]["xHigh"].get<double>(), -10);
  // +1 of 70 is 1.42857 %; the failed wishes (baseline 0) have no percentage: noted, not drawn.
  EXPECT_NEAR(diff["data"]["datasets"][2]["data"][0]["x"].get<double>(), 100.0 / 70, 1e-4);
  EXPECT_EQ(diff["options"]["scales"]["y"]["labels"], json({"waste_rate", "found_on_belt"}));
  bool noted = false;
  for (const std::string& n : r.notes) noted |= n.find("failed_wishes") != std::string::npos;
  EXPECT_TRUE(noted);
  const json bars = config(r, "measure_waste_rate");
  EXPECT_EQ(bars["data"]["labels"], json({"manager", "predictive"}));
  EXPECT_EQ(bars["data"]["datasets"][0]["data"][1],
            json({{"x", "predictive"}, {"y", 8}, {"yLow", 7}, {"yHigh", 9}}));
  const json trade = config(r, "tradeoff_found_on_belt_waste_rate");
  EXPECT_EQ(trade["data"]["datasets"][1]["data"][0]["x"], 8);
  EXPECT_EQ(trade["data"]["datasets"][1]["data"][0]["yHigh"], 76);
}

TEST(CompareReport, AMissingPolicyRowOrFileIsNamed) {
  TempDir dir;
  write_compare_folder(dir);
  dir.write("differences.csv", "policy,baseline,replications\n");
  try {
    (void)load_report(dir.path());
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir.path() / "differences.csv").string() + ": no column `waste_rate.mean`");
  }
  fs::remove(dir.path() / "differences.csv");
  try {
    (void)load_report(dir.path());
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()), (dir.path() / "differences.csv").string() +
                                         ": missing (kaiten compare --out writes it)");
  }
}

TEST(HistoryReport, DailyTotalsWithGapsForMissingDays) {
  TempDir dir;
  const fs::path db = dir.path() / "h.db";
  {
    headoffice::HistoryStore h(db.string());
    h.ensure_store("s", headoffice::StoreSource::sim);
    headoffice::Catalogue catalogue;
    catalogue.items = {{"ebi", "Ebi", 180, 90}, {"maguro", "Maguro", 120, 60}};
    h.put_catalogue("s", catalogue);
    const headoffice::Date monday = headoffice::Date::from_ymd(2025, 1, 6);
    for (const int offset : {0, 1, 3}) {  // day 2 is missing
      headoffice::DayRecord d;
      d.store = "s";
      d.date = monday + offset;
      headoffice::ItemDay ebi;
      ebi.item = "ebi";
      ebi.sold = 10 + offset;
      ebi.made = 12 + offset;
      ebi.discarded = 2;
      ebi.stock_out = offset == 3;
      headoffice::ItemDay maguro;
      maguro.item = "maguro";
      maguro.sold = 20;
      maguro.made = 20;
      d.items = {ebi, maguro};
      h.write_day(d);
    }
  }
  const Report r = history_report(db, "");
  EXPECT_EQ(r.kind, "history");
  EXPECT_EQ(r.title, "kaiten history report: s");
  const json plates = config(r, "history_plates");
  EXPECT_EQ(plates["data"]["labels"],
            json({"2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"}));
  EXPECT_EQ(plates["data"]["datasets"][1]["data"], json::parse("[30.0, 31.0, null, 33.0]"));
  EXPECT_EQ(config(r, "history_stock_outs")["data"]["datasets"][0]["data"],
            json::parse("[0.0, 0.0, null, 1.0]"));
  const json waste = config(r, "history_item_waste");
  EXPECT_EQ(waste["data"]["labels"], json({"Ebi", "Maguro"}));
  EXPECT_EQ(waste["data"]["datasets"][1]["data"], json({6, 0}));
  EXPECT_EQ(waste["data"]["datasets"][1]["backgroundColor"][0], css(item_colour(0)));
  const json weekday = config(r, "history_weekday");
  EXPECT_EQ(weekday["data"]["labels"], json({"Mon (1 days)", "Tue (1 days)", "Thu (1 days)"}));
  std::string message;
  try {
    (void)history_report(db, "other");
  } catch (const ReportError& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("other"), std::string::npos) << message;
  EXPECT_THROW((void)history_report(dir.path() / "missing.db", ""), ReportError);
}

TEST(HistoryReport, ForecastsAgainstSalesAndOrdersAgainstNeed) {
  TempDir dir;
  const fs::path db = dir.path() / "h.db";
  {
    headoffice::HistoryStore h(db.string());
    h.ensure_store("s", headoffice::StoreSource::sim);
    headoffice::Catalogue catalogue;
    catalogue.items = {{"ebi", "Ebi", 180, 90}};
    catalogue.ingredients = {{"rice", "Rice", 400, 3, std::nullopt, std::nullopt}};
    h.put_catalogue("s", catalogue);
    const headoffice::Date monday = headoffice::Date::from_ymd(2025, 1, 6);
    for (int offset = 0; offset < 60; ++offset) {
      headoffice::DayRecord d;
      d.store = "s";
      d.date = monday + offset;
      headoffice::ItemDay ebi;
      ebi.item = "ebi";
      ebi.sold = ebi.made = 10;  // the same every day: every model forecasts 10
      d.items = {ebi};
      headoffice::IngredientDay rice;
      rice.ingredient = "rice";
      rice.policy = "fixed";
      rice.ordered_g = 1000;
      rice.opening_g = 1200;
      rice.used_g = 800;
      rice.expired_g = 100;
      rice.closing_g = 300;
      d.stock = {rice};
      h.write_day(d);
    }
  }
  const Report r = history_report(db, "");
  // The last 28 days forecast from the days before each: 10 plates, no error, inside the band.
  const json f = config(r, "history_forecast_ebi");
  ASSERT_EQ(f["data"]["labels"].size(), 28u);
  EXPECT_EQ(f["data"]["labels"][0], "2025-02-07");  // day 33 of 60
  for (const json& v : f["data"]["datasets"][2]["data"]) EXPECT_NEAR(v.get<double>(), 10, 1e-3);
  for (const json& v : f["data"]["datasets"][3]["data"]) EXPECT_EQ(v, 10);
  ASSERT_EQ(r.tables.size(), 2u);
  const Table& t = r.tables[1];
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "Ebi");
  EXPECT_EQ(t.rows[0][2], "10.0");
  EXPECT_EQ(t.rows[0][3], "10.0");
  EXPECT_EQ(t.rows[0][4], "0.00");
  EXPECT_EQ(t.rows[0][6], "100 %");
  // 1 kg ordered, 0.8 used and 0.1 expired a day; over the period 10 % expired, 80 % used.
  const json orders = config(r, "history_orders");
  EXPECT_EQ(orders["data"]["datasets"][0]["data"][5], 1.0);
  EXPECT_EQ(orders["data"]["datasets"][1]["data"][5], 0.8);
  EXPECT_EQ(orders["data"]["datasets"][2]["data"][5], 0.1);
  const json shares = config(r, "history_orders_by_ingredient");
  EXPECT_EQ(shares["data"]["labels"], json({"Rice (60 kg)"}));
  EXPECT_EQ(shares["data"]["datasets"][0]["data"], json({10.0}));
  EXPECT_EQ(shares["data"]["datasets"][1]["data"], json({80.0}));
}

TEST(ChainReport, StoresRankedByWasteAndMargin) {
  TempDir dir;
  const fs::path db = dir.path() / "chain.db";
  {
    headoffice::HistoryStore h(db.string());
    headoffice::Catalogue catalogue;
    catalogue.items = {{"ebi", "Ebi", 180, 90}};
    // east: 12 made, 10 sold a day; west: 10 and 10.
    for (const auto& [store, made] : {std::pair{"east", 12}, std::pair{"west", 10}}) {
      h.ensure_store(store, headoffice::StoreSource::sim);
      h.put_catalogue(store, catalogue);
      for (int offset = 0; offset < 2; ++offset) {
        headoffice::DayRecord d;
        d.store = store;
        d.date = headoffice::Date::from_ymd(2025, 1, 6) + offset;
        headoffice::ItemDay ebi;
        ebi.item = "ebi";
        ebi.sold = 10;
        ebi.made = made;
        ebi.discarded = made - 10;
        d.items = {ebi};
        h.write_day(d);
      }
    }
  }
  const Report r = history_report(db, "");
  EXPECT_EQ(r.kind, "chain");
  // east: waste 2/12 = 16.67 %, margin 10 x 180 - 12 x 90 = 720 yen a day; west: 0 %, 900.
  const json waste = config(r, "chain_waste");
  EXPECT_EQ(waste["data"]["labels"], json({"east", "west"}));
  EXPECT_NEAR(waste["data"]["datasets"][0]["data"][0].get<double>(), 100.0 / 6, 1e-3);
  EXPECT_EQ(waste["data"]["datasets"][0]["data"][1], 0);
  const json margin = config(r, "chain_margin");
  EXPECT_EQ(margin["data"]["labels"], json({"east", "west"}));
  EXPECT_EQ(margin["data"]["datasets"][0]["data"], json({720, 900}));
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].rows[0],
            (std::vector<std::string>{"east", "2", "20", "16.7 %", "720", "0"}));
  // --store still gives that store's own report.
  EXPECT_EQ(history_report(db, "west").kind, "history");
  // With the chain file's regions: each region's totals.
  const Report regional = history_report(db, "", {{"east", "north"}, {"west", "south"}});
  ASSERT_EQ(regional.tables.size(), 2u);
  EXPECT_EQ(regional.tables[1].rows[0],
            (std::vector<std::string>{"north", "1", "2", "16.7 %", "720", "0.00"}));
  const json regions = config(regional, "chain_regions");
  EXPECT_EQ(regions["data"]["labels"], json({"north", "south"}));
  EXPECT_EQ(regions["data"]["datasets"][0]["data"], json({720, 900}));
  EXPECT_EQ(config(regional, "chain_waste_margin")["data"]["datasets"].size(), 2u);
}

TEST(PurchasingReport, EachCentresRulesFromTheChainBacktest) {
  TempDir dir;
  const auto rule = [](double shortage, double leftover, double fill) {
    return json{{"ordered_kg", 10.0},
                {"shortage_yen", shortage},
                {"leftover_yen", leftover},
                {"cost_yen", shortage + leftover},
                {"fill_rate", fill}};
  };
  const json doc = {{"chain", "c.yaml"},
                    {"from", "2025-03-12"},
                    {"to", "2025-03-16"},
                    {"days", 5},
                    {"actuals", "true_demand"},
                    {"stores", 3},
                    {"centres", json::array({{{"centre", "dc-east"},
                                              {"pooled", rule(100.4, 900, 0.99)},
                                              {"separate", rule(200, 1000, 0.98)},
                                              {"fixed_par", rule(700, 600, 0.9)},
                                              {"pooled_saving_pct", 16.6}},
                                             {{"centre", "chain"},
                                              {"pooled", rule(150, 1400, 0.99)},
                                              {"separate", rule(250, 1600, 0.98)},
                                              {"fixed_par", rule(800, 1100, 0.91)},
                                              {"pooled_saving_pct", 16.2}}})}};
  dir.write("chain_backtest.json", doc.dump(2));
  EXPECT_EQ(folder_kind(dir.path()), "purchasing");
  const Report r = load_report(dir.path());
  EXPECT_EQ(r.kind, "purchasing");
  ASSERT_EQ(r.charts.size(), 3u);
  const json cost = json::parse(r.charts[0].config_json);
  EXPECT_EQ(cost["data"]["labels"], json({"dc-east", "chain"}));
  EXPECT_EQ(cost["data"]["datasets"][0]["data"], json({1000.0, 1550.0}));  // 100.4 + 900, rounded
  EXPECT_EQ(cost["data"]["datasets"][2]["data"], json({1300.0, 1900.0}));
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].rows.size(), 6u);  // three rules per centre
  EXPECT_EQ(r.tables[0].rows[0][4], "1000");
  EXPECT_NE(r.tables[0].rows[0][6].find("16.6 %"), std::string::npos);
  // A missing rule is named.
  json broken = doc;
  broken["centres"][0].erase("fixed_par");
  dir.write("chain_backtest.json", broken.dump());
  EXPECT_THROW((void)load_report(dir.path()), ReportError);
}

TEST(BacktestReport, ModelsAgainstSeasonalNaiveWithIntervals) {
  TempDir dir;
  const json doc = {{"store", "s"},
                    {"from", "2025-03-01"},
                    {"to", "2025-03-14"},
                    {"days", 14},
                    {"actuals", "sold"},
                    {"models", json::array({{{"model", "seasonal_naive"},
                                             {"rmsse_items", 1.0},
                                             {"rmsse_total", 1.2},
                                             {"mase_items", 1.1},
                                             {"wrmsse", 1.0},
                                             {"coverage90", 0.85}},
                                            {{"model", "auto"},
                                             {"rmsse_items", 0.8},
                                             {"rmsse_total", 0.7},
                                             {"mase_items", 0.9},
                                             {"wrmsse", nullptr},
                                             {"coverage90", 0.9}}})},
                    {"comparisons", json::array({{{"a", "auto"},
                                                  {"b", "seasonal_naive"},
                                                  {"rmsse_items_diff", -0.2},
                                                  {"rmsse_items_90", {-0.3, -0.1}},
                                                  {"rmsse_total_diff", -0.5},
                                                  {"rmsse_total_90", {-0.7, -0.3}}}})}};
  dir.write("backtest.json", doc.dump(2));
  dir.write("backtest_items.csv",
            "item,model,rmsse,mase\nebi,seasonal_naive,1.1,1.0\nmaguro,seasonal_naive,0.9,0.9\n"
            "ebi,auto,0.7,0.8\nmaguro,auto,0.95,0.9\n");
  EXPECT_EQ(folder_kind(dir.path()), "backtest");
  const Report r = load_report(dir.path());
  EXPECT_EQ(r.kind, "backtest");
  ASSERT_EQ(r.charts.size(), 4u);
  const json errors = config(r, "backtest_errors");
  EXPECT_EQ(errors["data"]["labels"], json({"seasonal_naive", "auto"}));
  EXPECT_EQ(errors["data"]["datasets"][1]["data"], json({1.2, 0.7}));
  EXPECT_EQ(r.tables[0].rows[1],
            (std::vector<std::string>{"auto", "0.800", "0.700", "0.900", "n/a", "0.900"}));
  const json pairs = config(r, "backtest_comparisons");
  EXPECT_EQ(pairs["data"]["datasets"][0]["data"][0]["yLow"], -0.3);
  EXPECT_EQ(pairs["data"]["datasets"][1]["data"][0]["y"], -0.5);
  const json items = config(r, "backtest_items");
  EXPECT_EQ(items["data"]["labels"], json({"ebi", "maguro"}));
  EXPECT_EQ(items["data"]["datasets"][1]["data"], json({0.7, 0.95}));
}

}  // namespace
}  // namespace kaiten::report
