#include "ddb/ops/capacity.h"

namespace ddb {

double read_units(size_t bytes, bool consistent) {
  double units = static_cast<double>(std::max<size_t>(1, (bytes + 4095) / 4096));
  return consistent ? units : units / 2;
}

double write_units(size_t bytes) {
  return static_cast<double>(std::max<size_t>(1, (bytes + 1023) / 1024));
}

void Capacity::add_write(const WriteFootprint& footprint) {
  add_table(write_units(footprint.table_bytes));
  for (const auto& [index_id, writes] : footprint.index_writes) {
    for (const auto& index : table_.indexes) {
      if (index.id != index_id) continue;
      for (size_t bytes : writes) add_index(index, write_units(bytes));
    }
  }
}

void Capacity::write(common::JsonWriter& out) const {
  double total = table_units_;
  for (const auto& [_, units] : index_units_) total += units;
  out.begin_object();
  out.key("TableName");
  out.string(table_.name);
  out.key("CapacityUnits");
  out.number(total);
  if (mode_ == "INDEXES") {
    out.key("Table");
    out.begin_object();
    out.key("CapacityUnits");
    out.number(table_units_);
    out.end_object();
    for (bool global : {true, false}) {
      bool any = false;
      for (const auto& [index, units] : index_units_) {
        if (index->global != global) continue;
        if (!any) {
          out.key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
          out.begin_object();
          any = true;
        }
        out.key(index->name);
        out.begin_object();
        out.key("CapacityUnits");
        out.number(units);
        out.end_object();
      }
      if (any) out.end_object();
    }
  }
  out.end_object();
}

void write_capacity_list(common::JsonWriter& out, const std::string& mode,
                         const std::map<const TableDef*, Capacity>& capacities) {
  if (mode == "NONE") return;
  out.key("ConsumedCapacity");
  out.begin_array();
  for (const auto& [_, capacity] : capacities) capacity.write(out);
  out.end_array();
}

}  // namespace ddb
