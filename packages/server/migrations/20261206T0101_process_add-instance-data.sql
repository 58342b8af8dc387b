-- The interpreter keeps bookkeeping of the process-level scope on the instance (its compensation
-- log …): InstanceRecord.data, private to the engine; absent on older rows means empty.
ALTER TABLE process.instance ADD COLUMN data jsonb NOT NULL DEFAULT '{}';
