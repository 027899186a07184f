//! The one builder for statements whose shape follows the data — `IN (…)` lists, multi-row `VALUES`, one `SELECT`
//! per span — which numbers each `$n` as its value is bound, so that no placeholder offset is counted by hand.
//! sqlx's own `QueryBuilder` writes `?` placeholders for the `Any` driver, which PostgreSQL does not read.

use std::fmt::{self, Write as _};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Any, FromRow};

use hailong_domain::ids::{
    AlertId, AlertRuleId, ApiKeyId, CampaignId, CounterId, DeliveryId, DeviceId, DossierId, DutyId, OfficialId,
    ProcedureId, QrCodeId, QuestionnaireId, RespondentId, ResponseId, SurveyorId, UnitId, UserId, WebhookId,
};
use hailong_domain::time::Timestamp;

/// A value bound to a statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Int(Some(value))
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Value {
        Value::Int(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::Text(Some(value.to_owned()))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::Text(Some(value))
    }
}

impl From<Option<&str>> for Value {
    fn from(value: Option<&str>) -> Value {
        Value::Text(value.map(str::to_owned))
    }
}

impl From<Option<String>> for Value {
    fn from(value: Option<String>) -> Value {
        Value::Text(value)
    }
}

macro_rules! id_values {
    ($($id:ident),*) => {$(
        impl From<$id> for Value {
            fn from(id: $id) -> Value {
                Value::Int(Some(id.get()))
            }
        }

        impl From<Option<$id>> for Value {
            fn from(id: Option<$id>) -> Value {
                Value::Int(id.map($id::get))
            }
        }
    )*};
}

id_values!(
    AlertId,
    AlertRuleId,
    ApiKeyId,
    CampaignId,
    CounterId,
    DeliveryId,
    DeviceId,
    DossierId,
    DutyId,
    OfficialId,
    ProcedureId,
    QrCodeId,
    QuestionnaireId,
    RespondentId,
    ResponseId,
    SurveyorId,
    UnitId,
    UserId,
    WebhookId
);

impl From<Timestamp> for Value {
    fn from(at: Timestamp) -> Value {
        Value::Int(Some(at.millis()))
    }
}

impl From<Option<Timestamp>> for Value {
    fn from(at: Option<Timestamp>) -> Value {
        Value::Int(at.map(Timestamp::millis))
    }
}

/// A bound value's placeholder, to be written where the statement reads it (once or several times).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Param(usize);

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${}", self.0)
    }
}

/// A statement and its values, in placeholder order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Sql {
        Sql { text: text.to_owned(), values: vec![] }
    }

    /// Appends statement text.
    pub(crate) fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Binds a value without writing its placeholder: for a value the statement reads in several places.
    pub(crate) fn param(&mut self, value: impl Into<Value>) -> Param {
        self.values.push(value.into());
        Param(self.values.len())
    }

    /// Binds each value without writing: their placeholders, comma-separated, for a list the statement repeats.
    pub(crate) fn params<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> String {
        values.into_iter().map(|value| self.param(value).to_string()).collect::<Vec<_>>().join(", ")
    }

    /// Binds a value and writes its placeholder.
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> &mut Sql {
        let param = self.param(value);
        self.write(param)
    }

    /// Binds each value and writes their placeholders separated by commas, for an `IN (…)` list.
    pub(crate) fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Sql {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Writes one `(…)` tuple per row, each of the values `row` gives, for a multi-row `VALUES`.
    pub(crate) fn bind_rows<R, V: Into<Value>, I: IntoIterator<Item = V>>(
        &mut self,
        rows: impl IntoIterator<Item = R>,
        row: impl Fn(R) -> I,
    ) -> &mut Sql {
        for (i, r) in rows.into_iter().enumerate() {
            self.text.push_str(if i > 0 { ", (" } else { "(" });
            self.bind_list(row(r));
            self.text.push(')');
        }
        self
    }

    fn write(&mut self, param: Param) -> &mut Sql {
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{param}");
        self
    }

    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.values.iter().fold(sqlx::query(&self.text), |q, v| match v {
            Value::Int(n) => q.bind(*n),
            Value::Text(t) => q.bind(t.as_deref()),
        })
    }

    pub(crate) fn query_as<O: for<'r> FromRow<'r, AnyRow>>(&self) -> QueryAs<'_, Any, O, AnyArguments<'_>> {
        self.values.iter().fold(sqlx::query_as(&self.text), |q, v| match v {
            Value::Int(n) => q.bind(*n),
            Value::Text(t) => q.bind(t.as_deref()),
        })
    }

    pub(crate) fn query_scalar<O>(&self) -> QueryScalar<'_, Any, O, AnyArguments<'_>>
    where
        (O,): for<'r> FromRow<'r, AnyRow>,
    {
        self.values.iter().fold(sqlx::query_scalar(&self.text), |q, v| match v {
            Value::Int(n) => q.bind(*n),
            Value::Text(t) => q.bind(t.as_deref()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_values_bound() {
        let mut sql = Sql::new("SELECT id FROM units WHERE kind = ");
        sql.bind("commune").push(" AND id IN (").bind_list([UnitId::new(4), UnitId::new(5)]).push(")");
        assert_eq!(sql.text(), "SELECT id FROM units WHERE kind = $1 AND id IN ($2, $3)");
        assert_eq!(sql.values, [Value::from("commune"), Value::from(4), Value::from(5)]);
    }

    #[test]
    fn a_value_read_twice_is_bound_once() {
        let mut sql = Sql::default();
        let unit = sql.param(UnitId::new(9));
        sql.push(&format!("SELECT 1 WHERE {unit} = {unit} AND n > ")).bind(3);
        assert_eq!(sql.text(), "SELECT 1 WHERE $1 = $1 AND n > $2");
        assert_eq!(sql.values.len(), 2);
    }

    #[test]
    fn rows_are_numbered_across_tuples() {
        let mut sql = Sql::new("INSERT INTO t VALUES ");
        sql.bind_rows([(1, 2), (3, 4)], |(a, b)| [a, b]);
        assert_eq!(sql.text(), "INSERT INTO t VALUES ($1, $2), ($3, $4)");
    }
}
