#pragma once
// The history's schema (docs/headoffice.md): version 1, and the migration to each later version.
// A new file gets version 1 and every migration, in order, in one transaction.

namespace kaiten::headoffice {

// Version 1 of the schema. Dates are "YYYY-MM-DD" text; hours and minutes are clock time.
inline constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (
  version    INTEGER NOT NULL,
  applied_at TEXT NOT NULL
);
CREATE TABLE stores (
  store    TEXT PRIMARY KEY,
  source   TEXT NOT NULL CHECK (source IN ('sim', 'pos')),
  scenario TEXT,
  seed     INTEGER
);
CREATE TABLE items (
  store     TEXT NOT NULL REFERENCES stores(store),
  item      TEXT NOT NULL,
  name      TEXT NOT NULL,
  price_yen INTEGER NOT NULL,
  cost_yen  INTEGER NOT NULL,
  PRIMARY KEY (store, item)
);
CREATE TABLE ingredients (
  store               TEXT NOT NULL REFERENCES stores(store),
  ingredient          TEXT NOT NULL,
  name                TEXT NOT NULL,
  cost_yen_per_kg     REAL NOT NULL,
  shelf_life_days     INTEGER NOT NULL,
  underage_yen_per_kg REAL,
  overage_yen_per_kg  REAL,
  PRIMARY KEY (store, ingredient)
);
CREATE TABLE recipes (
  store      TEXT NOT NULL REFERENCES stores(store),
  item       TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  grams      REAL NOT NULL CHECK (grams > 0),
  PRIMARY KEY (store, item, ingredient)
);
CREATE TABLE calendar (
  store   TEXT NOT NULL REFERENCES stores(store),
  date    TEXT NOT NULL,
  holiday INTEGER NOT NULL,
  PRIMARY KEY (store, date)
);
CREATE TABLE days (
  store         TEXT NOT NULL REFERENCES stores(store),
  date          TEXT NOT NULL,
  weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  holiday       INTEGER NOT NULL,
  parties       INTEGER NOT NULL,
  customers     INTEGER NOT NULL,
  failed_wishes INTEGER NOT NULL,
  shock         REAL,
  written_at    TEXT NOT NULL,
  PRIMARY KEY (store, date)
);
CREATE TABLE sales (
  store           TEXT NOT NULL,
  date            TEXT NOT NULL,
  item            TEXT NOT NULL,
  sold            INTEGER NOT NULL CHECK (sold >= 0),
  discarded       INTEGER NOT NULL CHECK (discarded >= 0),
  made            INTEGER NOT NULL CHECK (made >= 0),
  panel_orders    INTEGER NOT NULL CHECK (panel_orders >= 0),
  stock_plates    INTEGER,
  stock_out       INTEGER NOT NULL CHECK (stock_out IN (0, 1)),
  stock_out_min   INTEGER,
  true_demand     INTEGER,
  expected_demand REAL,
  PRIMARY KEY (store, date, item),
  FOREIGN KEY (store, date) REFERENCES days(store, date)
);
CREATE TABLE day_hours (
  store TEXT NOT NULL,
  date  TEXT NOT NULL,
  hour  INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 47),
  sold  INTEGER NOT NULL,
  PRIMARY KEY (store, date, hour),
  FOREIGN KEY (store, date) REFERENCES days(store, date)
);
CREATE TABLE stock (
  store      TEXT NOT NULL,
  date       TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  policy     TEXT NOT NULL,
  ordered_g  REAL NOT NULL,
  opening_g  REAL NOT NULL,
  used_g     REAL NOT NULL,
  expired_g  REAL NOT NULL,
  closing_g  REAL NOT NULL,
  PRIMARY KEY (store, date, ingredient),
  FOREIGN KEY (store, date) REFERENCES days(store, date)
);
CREATE TABLE stock_lots (
  store      TEXT NOT NULL,
  date       TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  expires    TEXT NOT NULL,
  grams      REAL NOT NULL,
  FOREIGN KEY (store, date) REFERENCES days(store, date)
);
CREATE INDEX stock_lots_day ON stock_lots (store, date);
)sql";

// Version 2: a customer population's days and members (docs/loyalty.md).
inline constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE population_days (
  store             TEXT NOT NULL,
  date              TEXT NOT NULL,
  members           INTEGER NOT NULL,
  visits_new        INTEGER NOT NULL,
  visits_returning  INTEGER NOT NULL,
  walkaways         INTEGER NOT NULL,
  promoters         INTEGER NOT NULL,
  passives          INTEGER NOT NULL,
  detractors        INTEGER NOT NULL,
  nps               REAL NOT NULL,
  mean_rating       REAL NOT NULL,
  churned           INTEGER NOT NULL,
  lapsed            INTEGER NOT NULL,
  recoveries        INTEGER NOT NULL,
  recovery_cost_yen INTEGER NOT NULL,
  margin_yen        INTEGER NOT NULL,
  retention         REAL NOT NULL,
  PRIMARY KEY (store, date),
  FOREIGN KEY (store, date) REFERENCES days(store, date)
);
CREATE TABLE population_members (
  store       TEXT NOT NULL REFERENCES stores(store),
  member      INTEGER NOT NULL,
  segment     TEXT NOT NULL,
  size        INTEGER NOT NULL,
  app         INTEGER NOT NULL CHECK (app IN (0, 1)),
  joined      TEXT NOT NULL,
  left_on     TEXT,
  lapsed      INTEGER NOT NULL CHECK (lapsed IN (0, 1)),
  visits      INTEGER NOT NULL,
  walkaways   INTEGER NOT NULL,
  spend_yen   INTEGER NOT NULL,
  margin_yen  INTEGER NOT NULL,
  clv_yen     REAL NOT NULL,
  mean_rating REAL,
  last_rating REAL,
  PRIMARY KEY (store, member)
);
)sql";

// Version 3: the population's state after the store's last day written, so that a batch with a
// population resumes where it stopped (docs/loyalty.md). One row per store, and one per member,
// updated in the day's own transaction (only the members the day changed).
inline constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE population_state (
  store      TEXT PRIMARY KEY REFERENCES stores(store),
  first_date TEXT NOT NULL,
  date       TEXT NOT NULL,
  starting   INTEGER NOT NULL,
  last_nps   REAL NOT NULL
);
CREATE TABLE population_member_state (
  store               TEXT NOT NULL REFERENCES stores(store),
  member              INTEGER NOT NULL,
  segment             INTEGER NOT NULL,
  size                INTEGER NOT NULL,
  app                 INTEGER NOT NULL CHECK (app IN (0, 1)),
  base_rate           REAL NOT NULL,
  memory              REAL NOT NULL,
  memory_factor       REAL NOT NULL,
  own_wait_min        REAL NOT NULL,
  own_first_plate_min REAL NOT NULL,
  own_unmet_appetite  REAL NOT NULL,
  own_failed_wishes   REAL NOT NULL,
  own_tired_share     REAL NOT NULL,
  joined              INTEGER NOT NULL,
  churned             INTEGER NOT NULL,
  lapsed              INTEGER NOT NULL CHECK (lapsed IN (0, 1)),
  visits              INTEGER NOT NULL,
  walkaways           INTEGER NOT NULL,
  spend_yen           INTEGER NOT NULL,
  margin_yen          INTEGER NOT NULL,
  clv_yen             REAL NOT NULL,
  rating_sum          REAL NOT NULL,
  last_rating         REAL NOT NULL,
  PRIMARY KEY (store, member)
);
)sql";

/// Migration i (0-based) takes a file from version i + 1 to i + 2.
inline constexpr const char* kMigrations[] = {kSchemaV2, kSchemaV3};

}  // namespace kaiten::headoffice
