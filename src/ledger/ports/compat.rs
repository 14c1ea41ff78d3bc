//! Which port kinds a cable may join, and which cable types fit which ports.
//!
//! The table follows what is done on site: SFP-family cages take each other's optics or DACs at
//! the lower speed (an SFP+ cage runs a 1G SFP, SFP28 runs 10G, a QSFP28 breaks out to four
//! SFP28), a 1G SFP cage takes a copper SFP to RJ45, management and console ports are RJ45
//! jacks, LC panel jacks carry any fibre. Power joins power only.

use crate::model::{CableType, PortKind};

use PortKind::*;

/// Pairs of kinds a cable may join (each pair in either order; every kind joins itself).
const COMPATIBLE: &[(PortKind, PortKind)] = &[
    (Rj45, Management),
    (Rj45, Console),
    (Rj45, Sfp),
    (Management, Console),
    (Sfp, SfpPlus),
    (SfpPlus, Sfp28),
    (Sfp28, Qsfp28),
    (Sfp, Lc),
    (SfpPlus, Lc),
    (Sfp28, Lc),
    (Qsfp28, Lc),
    (Fc, Lc),
];

pub fn compatible(a: PortKind, b: PortKind) -> bool {
    a == b || COMPATIBLE.iter().any(|&(x, y)| (x, y) == (a, b) || (x, y) == (b, a))
}

/// Whether a cable of this type plugs into a port of this kind.
pub fn fits(t: CableType, k: PortKind) -> bool {
    match t {
        CableType::Power => k == Power,
        CableType::Cat6 | CableType::Cat6a => matches!(k, Rj45 | Management | Console | Sfp),
        CableType::Smf | CableType::Mmf => matches!(k, Sfp | SfpPlus | Sfp28 | Qsfp28 | Fc | Lc),
        CableType::Dac | CableType::Aoc => matches!(k, Sfp | SfpPlus | Sfp28 | Qsfp28),
    }
}

/// The cable type used when none is given: power for power, copper for RJ45 jacks, DAC between
/// two cages, multimode fibre otherwise.
pub fn default_type(a: PortKind, b: PortKind) -> CableType {
    let copper = |k| matches!(k, Rj45 | Management | Console);
    let cage = |k| matches!(k, SfpPlus | Sfp28 | Qsfp28);
    if a == Power || b == Power {
        CableType::Power
    } else if copper(a) || copper(b) {
        CableType::Cat6
    } else if cage(a) && cage(b) {
        CableType::Dac
    } else {
        CableType::Mmf
    }
}

/// The kind of a port created on the fly for a cable of this type, when the far port says nothing.
pub fn kind_for(t: CableType) -> PortKind {
    match t {
        CableType::Power => Power,
        CableType::Cat6 | CableType::Cat6a => Rj45,
        CableType::Smf | CableType::Mmf | CableType::Aoc | CableType::Dac => SfpPlus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_joins_power_only() {
        for k in PortKind::ALL {
            assert_eq!(compatible(Power, *k), *k == Power, "{k:?}");
            assert_eq!(fits(CableType::Power, *k), *k == Power, "{k:?}");
        }
    }

    #[test]
    fn the_table_is_symmetric_and_sensible() {
        assert!(compatible(Sfp28, Qsfp28) && compatible(Qsfp28, Sfp28));
        assert!(compatible(Fc, Lc));
        assert!(!compatible(Rj45, Sfp28));
        assert!(!compatible(Fc, SfpPlus));
        assert_eq!(default_type(Sfp28, Sfp28), CableType::Dac);
        assert_eq!(default_type(Rj45, Rj45), CableType::Cat6);
        assert_eq!(default_type(Sfp28, Lc), CableType::Mmf);
        // Every default fits both ends of every compatible pair.
        for a in PortKind::ALL {
            for b in PortKind::ALL {
                if compatible(*a, *b) {
                    let t = default_type(*a, *b);
                    assert!(fits(t, *a) && fits(t, *b), "{a:?}–{b:?} gets {t:?}");
                }
            }
        }
    }
}
