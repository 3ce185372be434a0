//! How compiled rules are written to and read from the precompiled built-in rule set:
//! names that point into the schema are written as the name and looked up again when
//! read (a name the schema does not have is an error, never a panic); decimals are
//! written as their text, so no digit or scale is lost.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use crate::schema::{self, EnumDef};

/// A name of the schema (a block kind, an attribute key). Fields of this type take
/// `#[serde(with = …)]` with one of the modules below; the alias also keeps serde from
/// reading the field as text borrowed from the input.
pub type SchemaName = &'static str;

/// A block kind as the schema spells it.
pub fn kind_name(name: &str) -> Option<&'static str> {
    schema::kinds().find(|k| *k == name)
}

/// An attribute key of some block of the schema.
pub fn attr_name(name: &str) -> Option<&'static str> {
    schema::BLOCKS
        .iter()
        .flat_map(|b| b.attrs.iter())
        .map(|a| a.key)
        .find(|k| *k == name)
}

/// A closed set of words of the schema, by its name.
pub fn enum_def(name: &str) -> Option<&'static EnumDef> {
    fn find(ty: &'static schema::Ty, name: &str) -> Option<&'static EnumDef> {
        match ty {
            schema::Ty::Enum(def) => (def.name == name).then_some(*def),
            schema::Ty::List(inner) | schema::Ty::OrNone(inner) => find(inner, name),
            schema::Ty::OneOf(tys) => tys.iter().find_map(|t| find(t, name)),
            _ => None,
        }
    }
    [&schema::METRIC_TYPE, &schema::METRIC_CLASS]
        .into_iter()
        .find(|d| d.name == name)
        .or_else(|| {
            schema::BLOCKS
                .iter()
                .flat_map(|b| b.attrs.iter())
                .find_map(|a| find(&a.ty, name))
        })
}

fn read_name<'de, D: Deserializer<'de>>(
    d: D,
    what: &str,
    look_up: fn(&str) -> Option<&'static str>,
) -> Result<&'static str, D::Error> {
    let name = String::deserialize(d)?;
    look_up(&name).ok_or_else(|| D::Error::custom(format!("the schema has no {what} `{name}`")))
}

/// `&'static str` block kinds.
pub mod kind {
    use super::*;

    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        read_name(d, "block kind", kind_name)
    }
}

/// `Option<&'static str>` block kinds.
pub mod kind_opt {
    use super::*;

    pub fn serialize<S: Serializer>(name: &Option<&'static str>, s: S) -> Result<S::Ok, S::Error> {
        match name {
            Some(n) => s.serialize_some(n),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(name) => kind_name(&name)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("the schema has no block kind `{name}`"))),
        }
    }
}

/// `&'static str` attribute keys.
pub mod attr {
    use super::*;

    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        read_name(d, "attribute", attr_name)
    }
}

/// `Option<&'static EnumDef>`, by the set's name.
pub mod enum_opt {
    use super::*;

    pub fn serialize<S: Serializer>(
        def: &Option<&'static EnumDef>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match def {
            Some(d) => s.serialize_some(d.name),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<&'static EnumDef>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(name) => enum_def(&name).map(Some).ok_or_else(|| {
                D::Error::custom(format!("the schema has no set of words `{name}`"))
            }),
        }
    }
}

/// A decimal as its text (`12.50`).
pub mod decimal {
    use super::*;
    use crate::value::Decimal;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Decimal>()
            .map_err(|e| D::Error::custom(format!("`{text}` is not a decimal: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Decimal;

    #[test]
    fn schema_names_are_found_again() {
        for kind in schema::kinds() {
            assert_eq!(kind_name(kind), Some(kind));
        }
        for b in schema::BLOCKS {
            for a in b.attrs {
                assert_eq!(attr_name(a.key), Some(a.key));
            }
        }
        assert_eq!(enum_def("metric class"), Some(&schema::METRIC_CLASS));
        assert_eq!(enum_def("facing"), Some(&schema::FACING));
        assert_eq!(kind_name("no_such_kind"), None);
        assert_eq!(enum_def("no such set"), None);
    }

    #[test]
    fn decimals_keep_their_scale() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct D(#[serde(with = "decimal")] Decimal);
        for text in ["12.50", "-0.001", "79228162514264337593543950335", "0"] {
            let d: Decimal = text.parse().unwrap();
            let json = serde_json::to_string(&D(d)).unwrap();
            let back: D = serde_json::from_str(&json).unwrap();
            assert_eq!(back.0.to_string(), text);
        }
        assert!(serde_json::from_str::<D>("\"twelve\"").is_err());
    }
}
