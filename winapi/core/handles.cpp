#include "winapi/core/handles.h"

namespace emu::winapi {

uint64_t HandleTable::add(std::shared_ptr<Object> obj) {
  const uint64_t h = next_;
  next_ += 4;
  objects_[h] = std::move(obj);
  return h;
}

std::shared_ptr<Object> HandleTable::find(uint64_t h) const {
  auto it = objects_.find(h);
  return it == objects_.end() ? nullptr : it->second;
}

bool HandleTable::close(uint64_t h) { return objects_.erase(h) > 0; }

std::shared_ptr<Object> HandleTable::find_kind(uint64_t h, std::string_view kind) const {
  auto o = find(h);
  return o && kind == o->kind() ? o : nullptr;
}

std::shared_ptr<Object> HandleTable::find_named(const std::string& kind, const std::string& name) const {
  if (name.empty()) return nullptr;
  for (auto& [h, o] : objects_)
    if (o->name == name && kind == o->kind()) return o;
  return nullptr;
}

uint64_t HandleTable::handle_of(const Object* o) const {
  for (auto& [h, obj] : objects_)
    if (obj.get() == o) return h;
  return 0;
}

}  // namespace emu::winapi
