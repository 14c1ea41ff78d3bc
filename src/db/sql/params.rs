//! Parameters of a statement: the values rusqlite's `ToSql` gives, bound the same way to either
//! engine. `params!` and `[a, b]` arrays work as they do with rusqlite.

pub use rusqlite::ToSql;

/// Something that gives a statement its parameters, in order.
pub trait Params {
    fn values(&self) -> Vec<&dyn ToSql>;
}

impl Params for () {
    fn values(&self) -> Vec<&dyn ToSql> {
        Vec::new()
    }
}

// `[]` needs one concrete element type to be written without annotations, as in rusqlite; so
// arrays of other lengths are listed one by one rather than with a const generic.
impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn values(&self) -> Vec<&dyn ToSql> {
        Vec::new()
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(&self) -> Vec<&dyn ToSql> {
                self.iter().map(|v| v as &dyn ToSql).collect()
            }
        }
    )+};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);

impl<T: ToSql, const N: usize> Params for &[T; N] {
    fn values(&self) -> Vec<&dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql).collect()
    }
}

impl<T: ToSql> Params for &[T] {
    fn values(&self) -> Vec<&dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql).collect()
    }
}

impl<T: ToSql> Params for Vec<T> {
    fn values(&self) -> Vec<&dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql).collect()
    }
}

impl<T: ToSql> Params for &Vec<T> {
    fn values(&self) -> Vec<&dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql).collect()
    }
}

macro_rules! tuple_params {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: ToSql),+> Params for ($($name,)+) {
            fn values(&self) -> Vec<&dyn ToSql> {
                vec![$(&self.$idx as &dyn ToSql),+]
            }
        }
    };
}
tuple_params!(A: 0);
tuple_params!(A: 0, B: 1);
tuple_params!(A: 0, B: 1, C: 2);
tuple_params!(A: 0, B: 1, C: 2, D: 3);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);

/// The values of an iterator as parameters (rusqlite's `params_from_iter`).
pub fn params_from_iter<I>(iter: I) -> Vec<I::Item>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    iter.into_iter().collect()
}

/// `params![a, b, c]`: a slice of parameters of different types.
#[macro_export]
macro_rules! sql_params {
    () => { &[] as &[&dyn $crate::db::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::ToSql),+] as &[&dyn $crate::db::ToSql] };
}
