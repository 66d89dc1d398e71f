import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** A team a person belongs to: the far end of a two-step relation path. */
@Entity({ name: 'casl_team' })
export class Team {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  name!: string | null;
}

/** The owner of a document: the end of a one-step relation path. */
@Entity({ name: 'casl_person' })
export class Person {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  role!: string | null;

  @Column({ type: 'integer', nullable: true })
  level!: number | null;

  @ManyToOne(() => Team, { nullable: true })
  @JoinColumn({ name: 'team_id' })
  team!: Team | null;

  @OneToMany(() => Doc, (doc) => doc.owner)
  docs!: Doc[];
}

/** The rows whose visibility the rules decide, with a column of every supported kind. */
@Entity({ name: 'casl_doc' })
export class Doc {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 80, nullable: true })
  title!: string | null;

  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  @Column({ type: 'float', nullable: true })
  score!: number | null;

  @Column({ type: 'boolean', nullable: true })
  isOpen!: boolean | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  ownerId!: string | null;

  @Column({ type: Date, nullable: true })
  createdAt!: Date | null;

  @ManyToOne(() => Person, (person) => person.docs, { nullable: true })
  @JoinColumn({ name: 'owner_ref' })
  owner!: Person | null;
}

/** Every entity of the authorization specs. */
export const ENTITIES = [Team, Person, Doc];
