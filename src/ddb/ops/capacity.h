// ConsumedCapacity: DynamoDB's capacity arithmetic and its response shape.
//   reads:  ceil(bytes / 4 KB) units, halved when eventually consistent; at least one unit.
//   writes: ceil(bytes / 1 KB) units per item or index entry written; at least one.
#pragma once

#include <map>
#include <string>

#include "common/json_writer.h"
#include "ddb/storage/engine.h"
#include "ddb/storage/table_def.h"

namespace ddb {

double read_units(size_t bytes, bool consistent);
double write_units(size_t bytes);

class Capacity {
 public:
  // `mode` is the request's ReturnConsumedCapacity ("NONE", "TOTAL", "INDEXES").
  Capacity(const TableDef& table, std::string mode) : table_(table), mode_(std::move(mode)) {}

  bool wanted() const { return mode_ != "NONE"; }
  void add_table(double units) { table_units_ += units; }
  void add_index(const IndexDef& index, double units) { index_units_[&index] += units; }
  void add_write(const WriteFootprint& footprint);

  // Writes the ConsumedCapacity object (the caller writes the key).
  void write(common::JsonWriter& out) const;

 private:
  const TableDef& table_;
  std::string mode_;
  double table_units_ = 0;
  std::map<const IndexDef*, double> index_units_;
};

// "ConsumedCapacity": [...] of a multi-table operation, one entry per table, unless `mode` is
// NONE.
void write_capacity_list(common::JsonWriter& out, const std::string& mode,
                         const std::map<const TableDef*, Capacity>& capacities);

}  // namespace ddb
