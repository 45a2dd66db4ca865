//! `string_enum!`: the enums for spec fields whose values are a fixed set.

/// A spec field whose values are a fixed set, as an enum: one variant per value the API server accepts, and `Other`
/// keeping any other text exactly as the learner wrote it, so validation can quote it back in the API server's
/// "Unsupported value" message. It reads and writes as the plain string (the variant's name is the value), so
/// manifests decode and `-o yaml|json` print exactly as the string did.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($variant,)+
            /// A value outside the set, as written.
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                match text {
                    $(stringify!($variant) => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                // Through `String`, so a value of the wrong type fails with serde's message, as it did.
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from(text.as_str()))
            }
        }
    };
}

pub(crate) use string_enum;
