//! The 机房 sheet: rooms keyed on 机房名称.

use super::{Plan, Planned, Planner};
use crate::excel::validate::{Problems, RoomRow};
use crate::model::Room;

impl Planner<'_> {
    pub(crate) fn room_known(&self, name: &str) -> bool {
        self.known.rooms.contains_key(name) || self.defined_rooms.contains_key(name)
    }

    pub(crate) fn rooms(&mut self, sheet: usize, rows: Vec<RoomRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        for r in rows {
            if let Some(first) = self.defined_rooms.get(&r.name) {
                p.add(
                    Some(r.row),
                    Some("机房名称"),
                    Some(&r.name),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            self.defined_rooms.insert(r.name.clone(), r.row);
            let before = self.known.rooms.get(&r.name).cloned();
            let after = Room { name: r.name.clone(), location: r.location, note: r.note };
            plan.rooms.push(Planned { sheet, row: r.row, key: r.name, before, after });
        }
    }
}
