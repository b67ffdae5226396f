// Column shapes shared by entities, so that both databases store the same thing:
// ids are UUID strings, instants are UTC datetimes with milliseconds, calendar dates are YYYY-MM-DD.
import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn, type ColumnOptions } from 'typeorm';

export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...options });
export const TimeColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });
export const DateColumn = (options: ColumnOptions = {}) => Column({ type: 'date', ...options });
export const JsonColumn = (options: ColumnOptions = {}) => Column({ type: 'simple-json', ...options });
export const CreatedAt = () => CreateDateColumn({ type: 'datetime', precision: 3 });
export const UpdatedAt = () => UpdateDateColumn({ type: 'datetime', precision: 3 });
